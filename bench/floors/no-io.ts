// The floor of a function that does no I/O: answer.
export const handler = async () => ({ statusCode: 200, body: '{}' });
