// A malformed request parameter, answered with HTTP 400 and `{error}`: one class for every route's
// checks (server/params.ts) and for the footprint spec parsers the page shares (footprint/spec.ts).
export class ParamError extends Error {
  override name = 'ParamError';
}
