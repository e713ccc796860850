import { unsafeInput } from './unsafe-input';

describe('unsafeInput', () => {
  it('finds NUL characters, unsafe numbers and prototype keys at any depth, by path', () => {
    const body = JSON.parse(
      '{"name":"a\\u0000b","lines":[{"quantity":1e20},{"quantity":2}],"__proto__":{"x":1}}',
    );
    expect(unsafeInput(body, '').map((e) => e.field)).toEqual([
      'name',
      'lines.0.quantity',
      '__proto__',
    ]);
  });

  it('lets ordinary text, markup and SQL-looking strings and safe integers through', () => {
    expect(unsafeInput({ note: "x' OR 1=1 <b>", n: 2 ** 53 - 1, f: 1.5, z: null }, '')).toEqual([]);
    expect(unsafeInput('a\u0000', 'id')).toEqual([{ field: 'id', messages: ['id holds a NUL'] }]);
  });
});
