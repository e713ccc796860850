/** A two-panel SVG line chart (throughput above, latency below) written by hand, no library. */

export interface Series {
  name: string;
  color: string;
  points: { t: number; v: number }[];
}

interface Panel {
  title: string;
  unit: string;
  series: Series[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function lineChartSvg(
  title: string,
  panels: Panel[],
  marks: { t: number; label: string }[],
) {
  const width = 960;
  const panelHeight = 240;
  const left = 70;
  const right = 20;
  const top = 40;
  const gap = 50;
  const height = top + panels.length * (panelHeight + gap);
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.points));
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">${esc(title)}</text>`,
  ];
  panels.forEach((panel, i) => {
    const y0 = top + i * (panelHeight + gap);
    const max = Math.max(1, ...panel.series.flatMap((s) => s.points.map((p) => p.v))) * 1.1;
    const y = (v: number) => y0 + panelHeight - (v / max) * panelHeight;
    parts.push(
      `<rect x="${left}" y="${y0}" width="${width - left - right}" height="${panelHeight}" fill="none" stroke="#999"/>`,
      `<text x="${left}" y="${y0 - 6}" font-size="12">${esc(panel.title)} (${esc(panel.unit)})</text>`,
    );
    for (let k = 0; k <= 4; k++) {
      const v = (max / 4) * k;
      parts.push(
        `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
        `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 100 ? Math.round(v) : v.toFixed(1)}</text>`,
      );
    }
    for (const m of marks) {
      parts.push(
        `<line x1="${x(m.t)}" x2="${x(m.t)}" y1="${y0}" y2="${y0 + panelHeight}" stroke="#ccc" stroke-dasharray="3,3"/>`,
      );
      if (i === 0)
        parts.push(`<text x="${x(m.t) + 3}" y="${y0 + 12}" fill="#666">${esc(m.label)}</text>`);
    }
    panel.series.forEach((s, n) => {
      const d = s.points
        .map((p, k) => `${k ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`)
        .join('');
      if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
      parts.push(
        `<rect x="${width - right - 170}" y="${y0 + 8 + n * 14}" width="10" height="10" fill="${s.color}"/>`,
        `<text x="${width - right - 155}" y="${y0 + 17 + n * 14}">${esc(s.name)}</text>`,
      );
    });
  });
  const seconds = Math.round((t1 - t0) / 1000);
  parts.push(
    `<text x="${width - right}" y="${height - 10}" text-anchor="end">time, ${seconds} s in all</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
