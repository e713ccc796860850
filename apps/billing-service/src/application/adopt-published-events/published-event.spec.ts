import type { InvoiceIssuedV1 } from '@logisync/canonical-events';
import {
  handleBillingFact,
  openBillingCase,
  type BillingCase,
  type BillingDecision,
  type BillingFact,
} from '../../domain';
import {
  facts,
  fixtureOrderId,
  fixtureTaxes,
  playBillingFacts,
} from '../../domain/billing-case.fixtures';
import { invoiceHeld, invoiceIssued, invoiceReleased } from '../billing-event.factory';
import { adoptPublished, calculatedOf, type PublishedBillingEvent } from './published-event';

const origin = (causationId: string | null) => ({
  orderId: fixtureOrderId,
  causationId,
  tenant: 'acme',
  region: 'eu-west',
});

/** What billing published for a live run of `sequence`, as the topic holds it. */
function publishedFor(sequence: BillingFact[]): PublishedBillingEvent[] {
  let state = openBillingCase(fixtureOrderId);
  const published: PublishedBillingEvent[] = [];
  for (const fact of sequence) {
    const step = handleBillingFact(state, fact, fixtureTaxes);
    state = step.state;
    const o = origin(fact.eventId);
    const d: BillingDecision = step.decision;
    if (d.kind === 'HOLD')
      for (const r of d.reasons) published.push(entry(invoiceHeld(o, 'inv', r, null)));
    if (d.kind === 'RELEASE_AND_ISSUE')
      for (const r of d.released) published.push(entry(invoiceReleased(o, 'inv', r, 'x')));
    if (d.kind === 'ISSUE' || d.kind === 'RELEASE_AND_ISSUE')
      published.push(
        entry(invoiceIssued(o, 'inv', 'INV-2026-000007', d.invoice, new Date(Date.UTC(2026, 0)))),
      );
  }
  return published;
}

const entry = (e: { eventType: string; event: unknown }) =>
  ({ type: e.eventType, event: e.event }) as PublishedBillingEvent;

const adoptAll = (state: BillingCase, published: PublishedBillingEvent[]) =>
  published.reduce((s, p) => adoptPublished(s, p, fixtureTaxes), state);

describe('adopting billing published events', () => {
  const held = [facts.released, facts.freight, facts.customsHeldAfterDelivery, facts.delivered];
  const live = [...held, facts.customsClearedAfterDelivery];

  it('a restored case that adopted the invoice replays its facts to the live case, deciding nothing', () => {
    const continuation = playBillingFacts(live).state;
    const adopted = adoptAll(openBillingCase(fixtureOrderId), publishedFor(live));
    expect(adopted.issuedInvoice).toEqual(continuation.issuedInvoice);
    const replay = playBillingFacts(live, adopted);
    expect(replay.decisions.every((d) => d.kind === 'NOTHING')).toBe(true);
    expect(replay.state).toEqual(continuation);
  });

  it('the invoice as calculated is taken from InvoiceIssued, tax rate included', () => {
    const { state } = playBillingFacts(live);
    const [issued] = publishedFor(live).filter((p) => p.type === 'InvoiceIssued');
    expect(calculatedOf(issued.event as InvoiceIssuedV1, fixtureTaxes)).toEqual(
      state.issuedInvoice,
    );
  });

  it('an announced hold is adopted: the replay of its cause announces nothing again', () => {
    const published = publishedFor(held);
    expect(published.map((p) => p.type)).toEqual(['InvoiceHeld']);
    const adopted = adoptAll(openBillingCase(fixtureOrderId), published);
    expect(adopted.announcedHolds).toEqual(['CUSTOMS_HOLD']);
    const replay = playBillingFacts(held, adopted);
    expect(replay.decisions.some((d) => d.kind === 'HOLD')).toBe(false);
    expect(replay.state).toEqual(playBillingFacts(held).state);
  });

  it('adopting what the case already has changes nothing, however often', () => {
    const published = publishedFor(live);
    const { state } = playBillingFacts(live);
    expect(adoptAll(state, published)).toBe(state);
    const once = adoptAll(openBillingCase(fixtureOrderId), published);
    expect(adoptAll(once, published)).toEqual(once);
  });

  it('an event whose cause the case already recorded changes nothing, even one the case would not repeat', () => {
    // After a plain restart the adopted tail's causes are all recorded: the case already holds
    // their effects, later ones included (here the hold stands again after this release).
    const { state } = playBillingFacts(held);
    const release = entry(
      invoiceReleased(origin(facts.delivered.eventId), 'inv', 'CUSTOMS_HOLD', 'x'),
    );
    expect(adoptPublished(state, release, fixtureTaxes)).toBe(state);
  });
});
