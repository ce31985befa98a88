/**
 * Toxiproxy's API errors: the same messages and status codes as its api.go, so clients that match on
 * either see no difference. Every error body is `{"error": "<message>", "status": <code>}`.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status code sent with the error. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }
}

export const ErrBadRequestBody = new ApiError('bad request body', 400);
export const ErrMissingField = new ApiError('missing required field', 400);
export const ErrProxyNotFound = new ApiError('proxy not found', 404);
export const ErrProxyAlreadyExists = new ApiError('proxy already exists', 409);
export const ErrInvalidStream = new ApiError('stream was invalid, can be either upstream or downstream', 400);
export const ErrInvalidToxicType = new ApiError('invalid toxic type', 400);
export const ErrToxicAlreadyExists = new ApiError('toxic already exists', 409);
export const ErrToxicNotFound = new ApiError('toxic not found', 404);

/** Toxiproxy's joinError: "<wrapper message>: <detail>" with the wrapper's status. */
export function joinError(detail: string, wrapper: ApiError): ApiError {
  return new ApiError(`${wrapper.message}: ${detail}`, wrapper.status);
}

/**
 * Any other failure (a listen error, an unresolvable address) is reported by Toxiproxy as a 500 with the
 * error's own text, e.g. "listen tcp 127.0.0.1:3310: bind: address already in use".
 */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(err instanceof Error ? err.message : String(err), 500);
}
