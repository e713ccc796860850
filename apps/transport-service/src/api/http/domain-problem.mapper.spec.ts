import { QueryFailedError } from 'typeorm';
import { TransportAppError } from '../../application/transport-app.errors';
import { TransportError } from '../../domain';
import { domainProblem } from './domain-problem.mapper';

describe('errors as problems', () => {
  it('answers a signature problem 401 without telling why the MAC failed', () => {
    const p = domainProblem(new TransportError('TRANSPORT.SIGNATURE_INVALID', 'mac mismatch'));
    expect(p).toMatchObject({ status: 401, code: 'TRANSPORT.SIGNATURE_INVALID' });
    expect(p!.detail).not.toContain('mac');
  });

  it('answers a wrong state 409 with the current status, a broken rule 422', () => {
    const late = new TransportError('TRANSPORT.INVALID_TRANSITION', 'nope', {
      shipmentId: 's-1',
      status: 'CANCELLED',
    });
    expect(domainProblem(late)).toMatchObject({
      status: 409,
      code: 'TRANSPORT.INVALID_TRANSITION',
      currentStatus: 'CANCELLED',
      shipmentId: 's-1',
    });
    const pod = new TransportError('TRANSPORT.PROOF_OF_DELIVERY_MISSING', 'no pod', {
      code: 'DELIVERED',
    });
    expect(domainProblem(pod)).toMatchObject({
      status: 422,
      code: 'TRANSPORT.PROOF_OF_DELIVERY_MISSING',
      milestoneCode: 'DELIVERED',
    });
  });

  it('keeps the application errors status and names a taken unique value', () => {
    const unknown = new TransportAppError(422, 'LANE.UNKNOWN_CARRIER', 'who?', { carrierId: 'x' });
    expect(domainProblem(unknown)).toMatchObject({ status: 422, carrierId: 'x' });
    const taken = new QueryFailedError('INSERT', [], {
      code: '23505',
      constraint: 'shipment_tracking_number_key',
    } as unknown as Error);
    expect(domainProblem(taken)).toMatchObject({
      status: 409,
      code: 'TRACKING_NUMBER.ALREADY_IN_USE',
    });
    expect(domainProblem(new Error('boom'))).toBeUndefined();
  });
});
