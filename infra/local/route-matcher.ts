import type { RouteDefinition } from '../routes.js';

/** A route that matched a request, with its path parameters. */
export interface MatchedRoute {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

/** Compiles API Gateway path templates (`/a/{id}`) to matchers, as the HTTP API matches them. */
export function compileRoutes(routes: readonly RouteDefinition[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const parameter = /^\{(\w+)\}$/.exec(segment);
        if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(parameter[1]);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
  // Literal segments win over parameters, as in API Gateway: fewer parameters first.
  compiled.sort((a, b) => a.names.length - b.names.length);

  return {
    /**
     * The route for a method and path; `methodAllowed` tells 404 from 405, `malformed` a path
     * parameter that is not valid percent-encoding (API Gateway answers 400 Bad Request).
     */
    match(
      method: string,
      path: string,
    ): MatchedRoute | { methodAllowed: false } | { malformed: true } | undefined {
      let pathMatched = false;
      for (const { route, pattern, names } of compiled) {
        const found = pattern.exec(path);
        if (!found) continue;
        pathMatched = true;
        if (route.method !== method) continue;
        const pathParameters: Record<string, string> = {};
        try {
          names.forEach((name, index) => {
            pathParameters[name] = decodeURIComponent(found[index + 1] ?? '');
          });
        } catch {
          return { malformed: true };
        }
        return { route, pathParameters };
      }
      return pathMatched ? { methodAllowed: false } : undefined;
    },
  };
}
