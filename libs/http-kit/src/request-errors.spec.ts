import { requestErrorProblem } from './request-errors';

describe('requestErrorProblem', () => {
  it("maps the body parser's exposed client errors", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
      type: 'entity.too.large',
    });
    expect(requestErrorProblem(tooLarge)).toMatchObject({
      status: 413,
      code: 'REQUEST.TOO_LARGE',
      detail: 'request entity too large',
    });
  });

  it('leaves server errors and unexposed ones to the 500', () => {
    expect(requestErrorProblem(Object.assign(new Error('x'), { status: 500, expose: false }))).toBe(
      undefined,
    );
    expect(requestErrorProblem(Object.assign(new Error('x'), { status: 400 }))).toBe(undefined);
    expect(requestErrorProblem(new Error('boom'))).toBe(undefined);
  });
});
