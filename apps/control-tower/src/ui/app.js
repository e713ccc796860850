/* global document, window, location */
// The control tower's web UI: a dashboard (KPIs, exception queue, services) and an order page,
// on the JSON API under /api, refreshed by polling every 2 seconds.
(function () {
  'use strict';
  const view = document.getElementById('view');
  const refreshed = document.getElementById('refreshed');
  let timer;
  let renderSeq = 0;
  let pointerOnControl = false;

  const esc = (v) =>
    String(v ?? '').replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  const age = (iso) => {
    if (!iso) return '';
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    return s < 90
      ? `${s} s`
      : s < 5400
        ? `${Math.round(s / 60)} min`
        : `${(s / 3600).toFixed(1)} h`;
  };
  const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 23) : '');

  // The operator's API key lives in this tab only (sessionStorage) and goes with every call; the
  // control tower passes it on to the owning service when acting on an exception.
  const keyStore = window.sessionStorage;
  document.getElementById('key').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('api-key');
    keyStore.setItem('logisync-api-key', input.value.trim());
    input.value = '';
    window.dispatchEvent(new window.HashChangeEvent('hashchange'));
  });

  async function api(path, options = {}) {
    const key = keyStore.getItem('logisync-api-key') || '';
    const headers = { ...(options.headers || {}), ...(key ? { 'x-api-key': key } : {}) };
    const response = await fetch(`/api${path}`, { ...options, headers });
    if (response.status === 401)
      throw new Error('Enter an API key with the tower:read scope above');
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || body.title || `HTTP ${response.status}`);
    return body;
  }

  function tile(label, value, alert) {
    return `<div class="tile${alert ? ' alert' : ''}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
  }

  function kpiTiles(k) {
    const statuses = [
      'RELEASED',
      'ALLOCATED',
      'PICKED',
      'PACKED',
      'SHIPPED',
      'IN_TRANSIT',
      'DELIVERED',
      'INVOICED',
      'COMPLETED',
      'CANCELLED',
    ];
    const open =
      k.openExceptions.reduce((n, e) => n + e.count, 0) +
      k.openSlaBreaches.reduce((n, b) => n + b.count, 0);
    const holds = Object.entries(k.invoiceHoldsByReason).reduce((n, [, v]) => n + v, 0);
    return [
      ...statuses.map((s) =>
        tile(`orders ${s.toLowerCase().replace('_', ' ')}`, k.ordersByStatus[s] ?? 0),
      ),
      tile('awaiting allocation', k.awaitingAllocation.count, k.awaitingAllocation.count > 0),
      tile(
        'oldest awaiting allocation',
        k.awaitingAllocation.oldestAgeSeconds == null
          ? '-'
          : `${k.awaitingAllocation.oldestAgeSeconds} s`,
      ),
      tile('tenders unanswered', k.missingTenderConfirmation),
      tile(
        `packed, not loaded > ${k.packedNotLoaded.thresholdSeconds} s`,
        k.packedNotLoaded.count,
        k.packedNotLoaded.count > 0,
      ),
      tile('invoice holds', holds, holds > 0),
      tile('open exceptions', open, open > 0),
    ].join('');
  }

  function exceptionRows(items) {
    if (items.length === 0) return '<p class="muted">No open exceptions.</p>';
    return `<table><thead><tr><th>type</th><th>severity</th><th>order</th><th>owner</th><th>age</th><th>SLA</th><th>details</th><th></th></tr></thead><tbody>${items
      .map((x) => {
        const sla =
          x.overdueSeconds == null
            ? ''
            : x.overdueSeconds > 0
              ? `<span class="overdue">${x.overdueSeconds} s overdue</span>`
              : `${-x.overdueSeconds} s left`;
        const actions =
          x.kind === 'EXCEPTION' && !x.resolvedAt
            ? `<div class="row-actions">${x.acknowledgedAt ? '<span class="badge">acknowledged</span>' : `<button class="secondary" data-ack="${esc(x.id)}">Acknowledge</button>`}<button data-resolve="${esc(x.id)}">Resolve</button></div>`
            : x.resolvedAt
              ? '<span class="badge done">resolved</span>'
              : '';
        return `<tr data-exception="${esc(x.id)}"><td>${esc(x.type)}</td><td class="sev-${esc(x.severity)}">${esc(x.severity)}</td><td><a href="#/orders/${esc(x.orderId)}">${esc(x.orderId.slice(0, 8))}</a></td><td>${esc(x.owner)}</td><td>${age(x.raisedAt)}</td><td>${sla}</td><td>${esc(x.details)}</td><td>${actions}</td></tr>`;
      })
      .join('')}</tbody></table>`;
  }

  function serviceRows(services) {
    return `<table><thead><tr><th>service</th><th>ready</th><th>consumer lag</th><th>outbox backlog</th><th>oldest unpublished</th><th>parked</th><th>dead letters</th></tr></thead><tbody>${services
      .map(
        (s) =>
          `<tr><td>${esc(s.service)}</td><td>${s.ready ? '<span class="badge done">ready</span>' : `<span class="badge hold">down</span> <span class="muted">${esc(s.error || '')}</span>`}</td><td>${esc(s.consumerLag ?? '-')}</td><td>${esc(s.outboxBacklog ?? '-')}</td><td>${s.outboxOldestAgeSeconds == null ? '-' : `${s.outboxOldestAgeSeconds} s`}</td><td>${esc(s.parked ?? '-')}</td><td>${esc(s.deadLetters ?? '-')}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  }

  async function dashboard(seq, force) {
    const [kpis, exceptions, services, orders] = await Promise.all([
      api('/kpis'),
      api('/exceptions'),
      api('/services'),
      api('/orders'),
    ]);
    show(
      seq,
      force,
      `
      <section><h2>Operations</h2><div class="tiles">${kpiTiles(kpis)}</div></section>
      <section><h2>Exception queue</h2>${exceptionRows(exceptions)}</section>
      <section><h2>Services</h2>${serviceRows(services)}</section>
      <section><h2>Recently active orders</h2><table><thead><tr><th>order</th><th>status</th><th>last milestone</th><th>holds</th><th>updated</th></tr></thead><tbody>${orders
        .map(
          (o) =>
            `<tr><td><a href="#/orders/${esc(o.orderId)}">${esc(o.orderId)}</a></td><td><span class="badge">${esc(o.status)}</span></td><td>${esc(o.lastEventType)}</td><td>${esc((o.holds || []).join(', '))}</td><td>${age(o.updatedAt)} ago</td></tr>`,
        )
        .join('')}</tbody></table></section>`,
    );
  }

  async function orderPage(orderId, seq, force) {
    const o = await api(`/orders/${encodeURIComponent(orderId)}`);
    const why = o.waitingFor
      ? `Waiting for <b>${esc(o.waitingFor.eventType)}</b> from <b>${esc(o.waitingFor.from)}</b>: ${esc(o.waitingFor.why)}${o.lastMilestone ? `; last milestone ${esc(o.lastMilestone.eventType)} ${age(o.lastMilestone.occurredAt)} ago` : ''}.`
      : `Nothing awaited: the order is ${esc(o.status)}.`;
    show(
      seq,
      force,
      `
      <section id="order"><h2>Order <code>${esc(o.orderId)}</code> <span class="badge${o.status === 'COMPLETED' ? ' done' : ''}" id="order-status">${esc(o.status)}</span> ${o.holds
        .map((h) => `<span class="badge hold">${esc(h)}</span>`)
        .join(' ')}</h2><p class="why" id="why">${why}</p></section>
      <section><h2>Exceptions</h2>${exceptionRows(o.exceptions.map((x) => ({ ...x, id: x.exceptionId, kind: 'EXCEPTION', orderId: o.orderId, overdueSeconds: x.slaDueAt ? Math.round((Date.now() - new Date(x.slaDueAt).getTime()) / 1000) : null })))}</section>
      <section><h2>SLA clocks</h2><table><thead><tr><th>rule</th><th>state</th><th>due</th></tr></thead><tbody>${o.sla
        .map(
          (v) =>
            `<tr><td>${esc(v.ruleId)}</td><td class="${v.state.startsWith('BREACH') ? 'overdue' : ''}">${esc(v.state)}</td><td>${time(v.dueAt)}</td></tr>`,
        )
        .join('')}</tbody></table></section>
      <section><h2>Timeline across services (indented under its cause)</h2><table class="timeline"><thead><tr><th>event</th><th>producer</th><th>occurred</th><th>detail</th><th>topic / partition / offset</th><th>event id</th></tr></thead><tbody>${o.timeline
        .map(
          (e) =>
            `<tr><td class="type" style="padding-left:${8 + e.depth * 18}px">${esc(e.eventType)}</td><td>${esc(e.producer)}</td><td>${time(e.occurredAt)}</td><td>${esc(e.detail || '')}</td><td class="muted">${esc(e.topic)} / ${esc(e.partition)} / ${esc(e.offset)}</td><td><code>${esc(e.eventId)}</code></td></tr>`,
        )
        .join('')}</tbody></table></section>`,
    );
  }

  /**
   * Puts a page in place unless a newer render has started, or (for a refresh) the pointer is
   * on a button: the page must not change under a person's click.
   */
  function show(seq, force, html) {
    if (seq !== renderSeq || (pointerOnControl && !force)) return;
    view.innerHTML = html;
  }

  async function render(force = false) {
    clearTimeout(timer);
    const seq = ++renderSeq;
    const route = location.hash.replace(/^#/, '') || '/';
    try {
      const match = /^\/orders\/(.+)$/.exec(route);
      if (match) await orderPage(decodeURIComponent(match[1]), seq, force);
      else await dashboard(seq, force);
      refreshed.textContent = `refreshed ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      show(
        seq,
        true,
        `<section><p class="error">${esc(error.message)}</p><p><a href="#/">Back to the dashboard</a></p></section>`,
      );
    }
    if (seq !== renderSeq) return;
    if (!document.activeElement || document.activeElement.tagName !== 'INPUT')
      timer = setTimeout(render, 2000);
    else timer = setTimeout(render, 4000);
  }

  view.addEventListener('pointerover', (event) => {
    pointerOnControl = !!(event.target.closest && event.target.closest('button'));
  });
  view.addEventListener('pointerleave', () => {
    pointerOnControl = false;
  });

  view.addEventListener('click', async (event) => {
    const target = event.target;
    const ack = target.getAttribute && target.getAttribute('data-ack');
    const resolve = target.getAttribute && target.getAttribute('data-resolve');
    if (!ack && !resolve) return;
    try {
      if (ack)
        await api(`/exceptions/${encodeURIComponent(ack)}/acknowledge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      if (resolve) {
        const resolution = window.prompt('Resolution', 'Resolved from the control tower');
        if (!resolution) return;
        await api(`/exceptions/${encodeURIComponent(resolve)}/resolve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ resolution }),
        });
      }
      await render(true);
    } catch (error) {
      window.alert(error.message);
    }
  });

  document.getElementById('search').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = document.getElementById('q').value.trim();
    if (!q) return;
    const hits = await api(`/search?q=${encodeURIComponent(q)}`).catch(() => []);
    if (hits.length === 1 || (hits.length > 0 && hits[0].kind === 'event'))
      location.hash = `#/orders/${encodeURIComponent(hits[0].orderId)}`;
    else if (hits.length === 0)
      view.innerHTML = `<section><p>Nothing found for <code>${esc(q)}</code>.</p></section>`;
    else
      view.innerHTML = `<section><h2>Matches</h2><ul>${hits.map((h) => `<li><a href="#/orders/${esc(h.orderId)}">${esc(h.orderId)}</a> ${esc(h.status || h.eventType || '')}</li>`).join('')}</ul></section>`;
  });

  window.addEventListener('hashchange', () => render(true));
  render(true);
})();
