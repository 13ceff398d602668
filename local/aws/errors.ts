/** Errors of the local AWS endpoints, named like the AWS exceptions they stand for. */
export class AwsProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
