import { ShipmentBook } from './shipment-book';

describe('the shipment book', () => {
  it('answers at once when the shipment is known', () => {
    const book = new ShipmentBook();
    book.record('o1', 's1');
    const seen: string[] = [];
    book.whenKnown('o1', (id) => seen.push(id));
    expect(seen).toEqual(['s1']);
    expect(book.get('o1')).toBe('s1');
  });

  it('holds a reaction until the shipment of its order is recorded, then runs it once', () => {
    const book = new ShipmentBook();
    const seen: string[] = [];
    book.whenKnown('o1', (id) => seen.push(`a ${id}`));
    book.whenKnown('o1', (id) => seen.push(`b ${id}`));
    book.record('o2', 's2');
    expect(seen).toEqual([]);
    book.record('o1', 's1');
    book.record('o1', 's1');
    expect(seen).toEqual(['a s1', 'b s1']);
    expect(book.get('o3')).toBeUndefined();
  });
});
