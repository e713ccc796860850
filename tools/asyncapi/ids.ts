/** Identifiers and $ref pointers inside the AsyncAPI document, derived from catalogue names. */

/** `billing-service.dlq.v1` -> `billingServiceDlqV1`: ids code generators can use as names. */
export function camelId(name: string): string {
  const [first, ...rest] = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return first.toLowerCase() + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function channelId(topic: string): string {
  return camelId(topic);
}

export function sendOperationId(producer: string, topic: string): string {
  return camelId(`${producer} sends ${topic}`);
}

export function receiveOperationId(consumer: string, topic: string): string {
  return camelId(`${consumer} receives ${topic}`);
}

export function channelRef(topic: string): { $ref: string } {
  return { $ref: `#/channels/${channelId(topic)}` };
}

export function channelMessageRef(topic: string, messageId: string): { $ref: string } {
  return { $ref: `#/channels/${channelId(topic)}/messages/${messageId}` };
}

export function componentMessageRef(messageId: string): { $ref: string } {
  return { $ref: `#/components/messages/${messageId}` };
}

/** `ShipmentInTransit` -> `Shipment in transit`. */
export function titleOf(eventType: string): string {
  const words = eventType.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return [words[0], ...words.slice(1).map((w) => w.toLowerCase())].join(' ');
}
