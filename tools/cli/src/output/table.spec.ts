import { renderTable } from './table';

describe('renderTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    const out = renderTable([
      { topic: 'order.milestones.v1', partition: 0, lag: 12 },
      { topic: 'billing.milestones.v1', partition: 10, lag: 3 },
    ]);
    expect(out.split('\n')).toEqual([
      'topic                  partition  lag',
      '---------------------  ---------  ---',
      'order.milestones.v1            0   12',
      'billing.milestones.v1         10    3',
    ]);
  });

  it('shows missing values as a dash and an empty list as (none)', () => {
    expect(renderTable([{ a: null, b: 'x' }])).toContain('-  x');
    expect(renderTable([])).toBe('(none)');
  });
});
