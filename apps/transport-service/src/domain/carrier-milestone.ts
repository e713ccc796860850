import { TransportError } from './transport-errors';

export const MILESTONE_CODES = [
  'DEPARTED',
  'IN_TRANSIT',
  'CUSTOMS_HOLD',
  'CUSTOMS_CLEARED',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'DELIVERY_FAILED',
] as const;
export type MilestoneCode = (typeof MILESTONE_CODES)[number];

/** As in DCSA track and trace: only ACTUAL milestones move the shipment. */
export type MilestoneClassifier = 'PLANNED' | 'ESTIMATED' | 'ACTUAL';
const CLASSIFIERS: readonly string[] = ['PLANNED', 'ESTIMATED', 'ACTUAL'];

export interface ProofOfDelivery {
  readonly signedBy?: string | null;
  readonly receivedBy?: string | null;
  readonly podReference?: string | null;
  readonly photoUrl?: string | null;
}

/** One carrier report, from the webhook or from CarrierMilestoneReported. */
export interface CarrierMilestoneReport {
  /** The carrier's id of the report; a repeat is a no-op. */
  readonly carrierEventId: string;
  readonly code: MilestoneCode;
  readonly classifier: MilestoneClassifier;
  /** When the milestone happened (ACTUAL) or is expected to (PLANNED, ESTIMATED). */
  readonly milestoneAt: number;
  /** When the carrier issued the report: the newest estimate wins, whatever the arrival order. */
  readonly reportedAt: number;
  readonly location: string | null;
  readonly proofOfDelivery: ProofOfDelivery | null;
  /** Set on a correction: the report it withdraws. The correction itself moves nothing. */
  readonly retractsEventId: string | null;
  /** The carrier's free text: why a delivery failed, why customs hold the goods. */
  readonly detail?: string | null;
}

export interface RecordedMilestone extends CarrierMilestoneReport {
  readonly receivedAt: number;
}

/** Codes that are a step of the journey; customs codes are a flag beside it. */
export type MovementCode = Exclude<MilestoneCode, 'CUSTOMS_HOLD' | 'CUSTOMS_CLEARED'>;

/**
 * The monotonic order LOADED(0) < DEPARTED < IN_TRANSIT < last mile < DELIVERED. A failed
 * delivery and a new attempt share a rank, so between them the later one wins (failed on
 * Monday, out for delivery again on Tuesday); DELIVERED outranks both.
 */
export const MOVEMENT_RANK: Readonly<Record<MovementCode, number>> = {
  DEPARTED: 1,
  IN_TRANSIT: 2,
  OUT_FOR_DELIVERY: 3,
  DELIVERY_FAILED: 3,
  DELIVERED: 4,
};

export type MovementMilestone = RecordedMilestone & { readonly code: MovementCode };

export function isMovementCode(code: MilestoneCode): code is MovementCode {
  return code in MOVEMENT_RANK;
}

export function isMovementMilestone(milestone: RecordedMilestone): milestone is MovementMilestone {
  return isMovementCode(milestone.code);
}

export function assertValidMilestoneReport(report: CarrierMilestoneReport): void {
  const problem = problemOf(report);
  if (problem) {
    const code =
      problem === 'proof of delivery missing'
        ? 'TRANSPORT.PROOF_OF_DELIVERY_MISSING'
        : 'TRANSPORT.INVALID_MILESTONE';
    throw new TransportError(code, `carrier event ${report.carrierEventId}: ${problem}`, {
      carrierEventId: report.carrierEventId,
      code: report.code,
    });
  }
}

function problemOf(report: CarrierMilestoneReport): string | null {
  if (!report.carrierEventId) return 'carrierEventId is empty';
  if (!(MILESTONE_CODES as readonly string[]).includes(report.code)) return 'unknown code';
  if (!CLASSIFIERS.includes(report.classifier)) return 'unknown classifier';
  if (!Number.isSafeInteger(report.milestoneAt)) return 'milestoneAt is not a timestamp';
  if (!Number.isSafeInteger(report.reportedAt)) return 'reportedAt is not a timestamp';
  if (report.retractsEventId === report.carrierEventId) return 'an event cannot retract itself';
  if (needsProofOfDelivery(report) && !hasProofOfDelivery(report.proofOfDelivery)) {
    return 'proof of delivery missing';
  }
  return null;
}

function needsProofOfDelivery(report: CarrierMilestoneReport): boolean {
  return report.code === 'DELIVERED' && report.classifier === 'ACTUAL' && !report.retractsEventId;
}

function hasProofOfDelivery(pod: ProofOfDelivery | null): boolean {
  return Boolean(pod && (pod.signedBy || pod.receivedBy || pod.podReference || pod.photoUrl));
}
