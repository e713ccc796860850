import {
  isMovementMilestone,
  MOVEMENT_RANK,
  type MilestoneCode,
  type MovementMilestone,
  type RecordedMilestone,
} from './carrier-milestone';

/**
 * What the recorded reports say, computed from the set of reports alone, never from their
 * arrival order: that is what makes a late, repeated or reordered report harmless.
 */
export interface MilestoneProjection {
  /** The best ACTUAL movement milestone still standing, or null (the shipment is LOADED). */
  readonly movement: MovementMilestone | null;
  /** The latest ACTUAL customs milestone still standing, or null. */
  readonly customs: RecordedMilestone | null;
  readonly customsHold: boolean;
  /** Per code, the expected time from the newest PLANNED or ESTIMATED report. */
  readonly expectedTimes: ReadonlyMap<MilestoneCode, number>;
}

export function projectMilestones(milestones: readonly RecordedMilestone[]): MilestoneProjection {
  const standing = standingReports(milestones);
  const actual = standing.filter((m) => m.classifier === 'ACTUAL');
  const movement = maxBy(actual.filter(isMovementMilestone), compareMovement);
  const customs = maxBy(
    actual.filter((m) => m.code === 'CUSTOMS_HOLD' || m.code === 'CUSTOMS_CLEARED'),
    compareCustoms,
  );
  return {
    movement,
    customs,
    customsHold: customs?.code === 'CUSTOMS_HOLD',
    expectedTimes: expectedTimesOf(standing.filter((m) => m.classifier !== 'ACTUAL')),
  };
}

/**
 * Reports that are neither retracted nor retractions. A retraction may arrive before the
 * report it retracts; the set makes that report dead on arrival. Retractions are final.
 */
function standingReports(milestones: readonly RecordedMilestone[]): RecordedMilestone[] {
  const retracted = new Set(milestones.map((m) => m.retractsEventId).filter(isPresent));
  return milestones.filter((m) => !m.retractsEventId && !retracted.has(m.carrierEventId));
}

/** Rank, then time (a second delivery attempt beats the first failure), then id for ties. */
function compareMovement(a: MovementMilestone, b: MovementMilestone): number {
  return (
    MOVEMENT_RANK[a.code] - MOVEMENT_RANK[b.code] ||
    a.milestoneAt - b.milestoneAt ||
    compareText(a.carrierEventId, b.carrierEventId)
  );
}

/** The latest customs fact wins; at the same instant a clearance beats the hold. */
function compareCustoms(a: RecordedMilestone, b: RecordedMilestone): number {
  return (
    a.milestoneAt - b.milestoneAt ||
    Number(a.code === 'CUSTOMS_CLEARED') - Number(b.code === 'CUSTOMS_CLEARED') ||
    compareText(a.carrierEventId, b.carrierEventId)
  );
}

/** Newest report first; at the same instant an ESTIMATED beats a PLANNED. */
function compareExpectation(a: RecordedMilestone, b: RecordedMilestone): number {
  return (
    a.reportedAt - b.reportedAt ||
    Number(a.classifier === 'ESTIMATED') - Number(b.classifier === 'ESTIMATED') ||
    compareText(a.carrierEventId, b.carrierEventId)
  );
}

function expectedTimesOf(expectations: readonly RecordedMilestone[]): Map<MilestoneCode, number> {
  const newest = new Map<MilestoneCode, RecordedMilestone>();
  for (const report of expectations) {
    const current = newest.get(report.code);
    if (!current || compareExpectation(report, current) > 0) newest.set(report.code, report);
  }
  return new Map([...newest].map(([code, report]) => [code, report.milestoneAt]));
}

function maxBy<T>(items: readonly T[], compare: (a: T, b: T) => number): T | null {
  return items.reduce<T | null>(
    (best, item) => (!best || compare(item, best) > 0 ? item : best),
    null,
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function isPresent(value: string | null): value is string {
  return value !== null && value !== '';
}
