import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { LETTER_FONT_FILES, LETTER_FONTS_FOLDER } from '../shared/recognition/letter-fonts.js';
import { CONSOLE_BUILD_FOLDER } from '../shared/review/console/console-page.js';
import { AddressHashing } from './constructs/address-hashing.js';
import { Api } from './constructs/api.js';
import { ApplicantLinks } from './constructs/applicant-links.js';
import { Auth } from './constructs/auth.js';
import { DashboardTally } from './constructs/dashboard-tally.js';
import { Email } from './constructs/email.js';
import { EmailDelivery } from './constructs/email-delivery.js';
import { Functions } from './constructs/functions.js';
import { Monitoring } from './constructs/monitoring.js';
import { SpamDefence } from './constructs/spam-defence.js';
import { Storage } from './constructs/storage.js';
import {
  EVENT_FUNCTIONS,
  ROUTES,
  type RouteDefinition,
  routedFunctionNames,
  SCHEDULES,
} from './routes.js';
import type { StageConfig } from './stage-config.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Builds the console (infra/console-build.ts) into its own folder of the function's bundle:
 * the build empties the folder it is given, which must never be the one holding index.mjs.
 */
function consoleBuildCommands(outputDir: string): string[] {
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const script = join(PROJECT_ROOT, 'infra', 'console-build.ts');
  return [`"${tsx}" "${script}" "${join(outputDir, CONSOLE_BUILD_FOLDER)}"`];
}

/**
 * Copies the letter fonts (and their licence, which must travel with them) beside the
 * letters function's bundle: its asset folder has no node_modules to find them in.
 */
function letterFontCommands(outputDir: string): string[] {
  const from = join(PROJECT_ROOT, 'node_modules', 'dejavu-fonts-ttf');
  const to = join(outputDir, LETTER_FONTS_FOLDER);
  return [
    `mkdir -p "${to}"`,
    `cp "${join(from, 'ttf', LETTER_FONT_FILES.regular)}" "${join(from, 'ttf', LETTER_FONT_FILES.bold)}" "${to}/"`,
    `cp "${join(from, 'LICENSE')}" "${join(to, LETTER_FONT_FILES.license)}"`,
  ];
}

/** The intake service for one stage: the constructs, wired together. */
export class IntakeStack extends Stack {
  readonly storage: Storage;
  readonly functions: Functions;
  readonly api: Api;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & { config: StageConfig; routes?: readonly RouteDefinition[] },
  ) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? ROUTES;
    const logRetention = config.logRetentionDays;

    this.storage = new Storage(this, 'Storage', { production: config.production });
    const email = new Email(this, 'Email', config);
    const auth = new Auth(this, 'Auth', {
      production: config.production,
      domainPrefix: config.signInDomainPrefix,
    });
    this.functions = new Functions(this, 'Functions', {
      names: [
        ...routedFunctionNames(routes),
        ...SCHEDULES.map((schedule) => schedule.functionName),
        ...EVENT_FUNCTIONS,
      ],
      logRetention,
      environment: { POWERTOOLS_LOG_LEVEL: 'INFO' },
      settings: {
        'submit-application': {
          reservedConcurrentExecutions: config.intakeReservedConcurrency,
          environment: { THANK_YOU_URL: config.thankYouUrl },
        },
        admin: {
          environment: {
            RETENTION_DAYS: String(config.retentionDays),
            CHECK_IN_SCHEDULE: config.checkInSchedule,
          },
        },
        'my-application': {
          environment: {
            RETENTION_DAYS: String(config.retentionDays),
            STAFF_EMAIL: config.staffEmail,
          },
        },
        'returning-mentor': { environment: { STAFF_EMAIL: config.staffEmail } },
        'check-in': { environment: { STAFF_EMAIL: config.staffEmail } },
        evaluation: { environment: { STAFF_EMAIL: config.staffEmail } },
        // Its bounces and complaints are alarmed on, never suppressed.
        'ses-events': { environment: { STAFF_EMAIL: config.staffEmail } },
        // A pool of thousands solves in well under a second with room to spare (npm run bench).
        matching: { memorySize: 1024 },
        // A letter's PDF is rendered in the request, a few hundred at a time: CPU, so memory.
        // Its fonts are copied beside its handler.
        letters: { memorySize: 1024, afterBundling: letterFontCommands },
        // The console's script and style sheet are built beside its handler.
        console: { afterBundling: consoleBuildCommands },
        'form-pages': {
          environment: {
            THANK_YOU_URL: config.thankYouUrl,
            ALLOWED_ORIGINS: config.allowedOrigins.join(','),
          },
        },
      },
    });
    // The intake only saves (its emails are outbox items): no SES permission at all.
    const intake = this.functions.get('submit-application');
    this.storage.bind(intake, 'intake');
    this.storage.bind(this.functions.get('admin'), 'staff');
    this.storage.bind(this.functions.get('matching'), 'matching');
    this.storage.bind(this.functions.get('letters'), 'letters');
    const applicantPage = this.functions.get('my-application');
    this.storage.bind(applicantPage, 'applicant');
    const checkInPage = this.functions.get('check-in');
    this.storage.bind(checkInPage, 'check-in');
    const checkInScheduler = this.functions.get('schedule-check-ins');
    this.storage.bind(checkInScheduler, 'check-in-scheduler');
    checkInScheduler.addEnvironment('CHECK_IN_SCHEDULE', config.checkInSchedule);
    // The evaluation page reads the person's partition and puts their evaluation: as a check-in.
    const evaluationPage = this.functions.get('evaluation');
    this.storage.bind(evaluationPage, 'check-in');
    this.storage.bind(this.functions.get('complete-cycles'), 'cycle-completion');
    // A returning mentor's confirmation is an application like a form's: the intake's access.
    const returningMentor = this.functions.get('returning-mentor');
    this.storage.bind(returningMentor, 'intake');
    const sender = this.functions.get('send-emails');
    const sweeper = this.functions.get('retry-confirmations');
    const sesEvents = this.functions.get('ses-events');
    for (const schedule of SCHEDULES) {
      new Rule(this, `${schedule.functionName}-schedule`, {
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaFunction(this.functions.get(schedule.functionName))],
      });
    }
    const spamDefence = new SpamDefence(this, 'SpamDefence', {
      production: config.production,
      turnstile: config.turnstile,
    });
    const formPages = this.functions.get('form-pages');
    spamDefence.bind(intake);
    spamDefence.bind(formPages);
    this.storage.bind(formPages, 'calendar');

    this.api = new Api(this, 'Api', {
      routes,
      functions: this.functions,
      allowedOrigins: config.allowedOrigins,
      throttle: config.throttle,
      logRetention,
      auth: {
        userPool: auth.userPool,
        client: auth.client,
        addConsoleClient: (apiUrl) => auth.addConsoleClient(apiUrl),
      },
    });
    const consolePages = this.functions.get('console');
    for (const [name, value] of Object.entries(auth.consoleSettings(this.api.consoleClient))) {
      consolePages.addEnvironment(name, value);
    }
    const monitoring = new Monitoring(this, 'Monitoring', {
      staffEmail: config.staffEmail,
      httpApi: this.api.httpApi,
      functions: this.functions.all(),
      emailLogGroups: [sender.logGroup, sweeper.logGroup],
    });
    const delivery = new EmailDelivery(this, 'EmailDelivery', {
      storage: this.storage,
      sender,
      sesEvents,
      monitoring,
    });
    // The senders sign the link in each confirmation; the applicant's page checks it.
    const applicantLinks = new ApplicantLinks(this, 'ApplicantLinks', {
      production: config.production,
    });
    applicantLinks.bind(applicantPage);
    applicantLinks.bind(returningMentor);
    applicantLinks.bind(checkInPage);
    applicantLinks.bind(evaluationPage);
    // Every function that hashes an address (to key or find a guard, quota or suppression;
    // staff's admin and matching APIs read the suppression list to show who bounced).
    const addressHashing = new AddressHashing(this, 'AddressHashing', {
      production: config.production,
    });
    for (const fn of [
      intake,
      sender,
      sweeper,
      sesEvents,
      this.functions.get('admin'),
      this.functions.get('matching'),
      applicantPage,
      returningMentor,
    ]) {
      addressHashing.bind(fn);
    }
    new DashboardTally(this, 'DashboardTally', {
      storage: this.storage,
      tally: this.functions.get('tally-applications'),
    });
    this.storage.bind(sender, 'stream-sender');
    this.storage.bind(sweeper, 'sweeper');
    for (const fn of [sender, sweeper]) {
      email.bindSender(fn, delivery.configurationSet);
      applicantLinks.bind(fn);
      fn.addEnvironment('PUBLIC_BASE_URL', this.api.httpApi.apiEndpoint);
    }
  }
}
