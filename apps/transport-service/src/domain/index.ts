export { TransportError, isTransportError } from './transport-errors';
export type { TransportErrorCode } from './transport-errors';
export { assertValidLane } from './lane';
export type { Lane } from './lane';
export { quoteFreight } from './freight-quote';
export type { FreightQuote } from './freight-quote';
export { selectTenderSequence } from './lane-selection';
export type { ShipmentRoute, TenderCandidate } from './lane-selection';
export { planShipment, acceptedTenderOf, hasBeenLoaded } from './shipment';
export type { PlanShipmentInput, Shipment, ShipmentStatus, ShipmentTransition } from './shipment';
export { startTendering, openTenderOf, tenderIdFor } from './tender';
export type {
  PickupWindow,
  Tender,
  TenderRejectionReason,
  TenderStatus,
  TenderWithdrawalReason,
} from './tender';
export { acceptTender, rejectTender, expireDueTender } from './tender-response';
export type { TenderAcceptance, TenderRejection } from './tender-response';
export { withdrawShipment } from './tender-withdrawal';
export { assignCarrierManually } from './carrier-assignment';
export type { CarrierAssignment } from './carrier-assignment';
export type { CarrierException, TenderAttemptSummary } from './carrier-exception';
export { markLoaded } from './shipment-loading';
export {
  MILESTONE_CODES,
  MOVEMENT_RANK,
  assertValidMilestoneReport,
  isMovementMilestone,
} from './carrier-milestone';
export type {
  CarrierMilestoneReport,
  MilestoneClassifier,
  MilestoneCode,
  MovementCode,
  MovementMilestone,
  ProofOfDelivery,
  RecordedMilestone,
} from './carrier-milestone';
export { projectMilestones } from './milestone-projection';
export type { MilestoneProjection } from './milestone-projection';
export { recordMilestone } from './record-milestone';
export type { MilestoneOutcome, MilestoneTransition } from './record-milestone';
export {
  SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhookSignature,
} from './webhook-signature';
export type { SignedWebhook } from './webhook-signature';
export type { TransportEvent, TransportEventType } from './transport-events';
