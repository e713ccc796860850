export interface TimelineEvent {
  eventId: string;
  eventType: string;
  producer: string;
  occurredAt: Date;
  causationId: string | null;
}

export interface CausationNode<E extends TimelineEvent> {
  event: E;
  /** 0 for an event caused from outside (an API call, a carrier); 1 for what it caused; ... */
  depth: number;
  children: CausationNode<E>[];
}

/**
 * The order's events as a forest of causes: each event under the one named by its
 * causationId; events whose cause is outside this order's events are roots. Siblings by time.
 */
export function causationForest<E extends TimelineEvent>(events: readonly E[]): CausationNode<E>[] {
  const nodes = new Map(
    events.map((e) => [e.eventId, { event: e, depth: 0, children: [] as CausationNode<E>[] }]),
  );
  const roots: CausationNode<E>[] = [];
  for (const node of nodes.values()) {
    const parent = node.event.causationId ? nodes.get(node.event.causationId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byTime = (a: CausationNode<E>, b: CausationNode<E>) =>
    a.event.occurredAt.getTime() - b.event.occurredAt.getTime();
  const visit = (list: CausationNode<E>[], depth: number, seen: Set<string>) => {
    list.sort(byTime);
    for (const node of list) {
      if (seen.has(node.event.eventId)) continue;
      seen.add(node.event.eventId);
      node.depth = depth;
      visit(node.children, depth + 1, seen);
    }
  };
  visit(roots, 0, new Set());
  return roots;
}

/** The forest flattened depth-first: the order page's indented timeline. */
export function flattenForest<E extends TimelineEvent>(
  roots: CausationNode<E>[],
): { event: E; depth: number }[] {
  const out: { event: E; depth: number }[] = [];
  const walk = (list: CausationNode<E>[]) => {
    for (const n of list) {
      out.push({ event: n.event, depth: n.depth });
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}
