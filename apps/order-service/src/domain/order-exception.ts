import { InvalidStateError } from './order.errors';

export type ExceptionStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface OrderExceptionState {
  id: string;
  orderId: string;
  type: 'ALLOCATION_SHORTAGE';
  severity: 'HIGH';
  owner: string;
  status: ExceptionStatus;
  details: string;
  slaDueAt: Date;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

/** The order desk has four hours to decide a shortage: wait for stock or cancel. */
export const shortageSlaMs = 4 * 60 * 60 * 1000;

/** An exception the order domain owns, with its OPEN -> ACKNOWLEDGED -> RESOLVED lifecycle. */
export class OrderException {
  constructor(readonly state: OrderExceptionState) {}

  static shortage(id: string, orderId: string, details: string, at: Date): OrderException {
    return new OrderException({
      id,
      orderId,
      type: 'ALLOCATION_SHORTAGE',
      severity: 'HIGH',
      owner: 'order-desk',
      status: 'OPEN',
      details,
      slaDueAt: new Date(at.getTime() + shortageSlaMs),
      raisedAt: at,
      acknowledgedAt: null,
      resolvedAt: null,
      resolution: null,
    });
  }

  acknowledge(at: Date): void {
    if (this.state.status !== 'OPEN') {
      throw new InvalidStateError(
        'EXCEPTION.INVALID_STATE',
        `only an OPEN exception can be acknowledged; this one is ${this.state.status}`,
        this.state.status,
      );
    }
    this.state.status = 'ACKNOWLEDGED';
    this.state.acknowledgedAt = at;
  }

  resolve(resolution: string, at: Date): void {
    if (this.state.status === 'RESOLVED') {
      throw new InvalidStateError(
        'EXCEPTION.INVALID_STATE',
        `the exception was already resolved: ${this.state.resolution}`,
        this.state.status,
      );
    }
    this.state.status = 'RESOLVED';
    this.state.resolution = resolution;
    this.state.resolvedAt = at;
  }
}
