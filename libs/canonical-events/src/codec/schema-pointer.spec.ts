import { fieldPathOf, withFieldPaths } from './schema-pointer';

const schema = {
  type: 'record',
  name: 'ShipmentDelivered',
  fields: [
    { name: 'orderId', type: 'string' },
    {
      name: 'proofOfDelivery',
      type: [
        'null',
        { type: 'record', name: 'Pod', fields: [{ name: 'signedBy', type: 'string' }] },
      ],
    },
  ],
};

describe('registry pointers as field paths', () => {
  it('names the field a pointer reaches, through unions and nested records', () => {
    expect(fieldPathOf(schema, '/fields/1/type/1')).toBe('proofOfDelivery');
    expect(fieldPathOf(schema, '/fields/1/type/1/fields/0/type')).toBe('proofOfDelivery.signedBy');
    expect(fieldPathOf(schema, '/fields/7')).toBe('');
  });

  it('rewrites the pointers in a message', () => {
    expect(
      withFieldPaths('reader union lacking writer type: RECORD at /fields/1/type/1', schema),
    ).toBe(
      "reader union lacking writer type: RECORD at field 'proofOfDelivery' (/fields/1/type/1)",
    );
  });
});
