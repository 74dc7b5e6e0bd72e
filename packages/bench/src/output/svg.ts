/** Minimal SVG charts, written by hand: no chart library, opens in any browser. */

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"'
/**
 * Colours for subjects not named in {@link FIXED_COLORS}, picked by a hash of the
 * subject's name, so a subject keeps its colour whichever other subjects ran.
 */
const PALETTE = [
  '#f3a712',
  '#669bbc',
  '#a8c686',
  '#8e7dbe',
  '#2a9d8f',
  '#b56576',
  '#6d597a',
  '#8d99ae',
  '#588157',
  '#bc6c25',
  '#4361ee',
  '#9d4edd',
]

/**
 * Fixed colours for the subjects people compare most: warp's SIEVE caches in
 * red-orange, LRU in deep blue (never two reds or two blues side by side), FIFO
 * grey, Belady's OPT black (the bound every policy is measured against).
 */
const FIXED_COLORS: Readonly<Record<string, string>> = {
  'SIEVE (warp)': '#e4572e',
  'warp SieveCache': '#e4572e',
  'LRU (lru-cache)': '#1d3557',
  'lru-cache': '#1d3557',
  'warp LRUCache': '#c9184a',
  FIFO: '#9e9e9e',
  'OPT (Belady)': '#111111',
  'warp memoize': '#e4572e',
  'warp memoizeAsync': '#e4572e',
  'warp createAsyncCache': '#c9184a',
  'warp SharedCache': '#e4572e',
  'warp SieveCache lru': '#7b2cbf',
  'warp SieveCache tinylfu': '#06d6a0',
  'LRU (warp)': '#7b2cbf',
  'W-TinyLFU (warp)': '#06d6a0',
  'warp memoizeAsync (ttl 60 s)': '#f4a261',
  'warp memoizeAsync (SharedCache)': '#9d0208',
  'warp memoizeAsync (SharedCache, no claims)': '#e5989b',
  'warp RedisCache': '#e4572e',
  'warp TieredCache': '#e4572e',
  // The peers, each its own hue, so a chart of ten subjects has no look-alikes.
  'mnemonist LRUMap': '#f3a712',
  'mnemonist LRUCache': '#2a9d8f',
  'lru.min': '#a8c686',
  'tiny-lru': '#8e7dbe',
  'quick-lru': '#bc6c25',
  '@neophi/sieve-cache': '#ff8fab',
  Map: '#669bbc',
  'lru-cache memo': '#1d3557',
  memoizee: '#f3a712',
  moize: '#2a9d8f',
  'micro-memoize': '#8e7dbe',
  'fast-memoize': '#a8c686',
  lmdb: '#1d3557',
  'control: private Map': '#9e9e9e',
  'p-memoize (Map)': '#669bbc',
  'p-memoize (lru-cache)': '#1d3557',
  'async-cache-dedupe': '#2a9d8f',
  'iovalkey (raw client)': '#1d3557',
  'keyv + @keyv/redis': '#f3a712',
  'cache-manager + @keyv/redis': '#8e7dbe',
  'bentocache (L2 only)': '#2a9d8f',
  'bentocache (L1 + L2 + bus)': '#2a9d8f',
  'cacheable (primary + secondary + sync)': '#669bbc',
}

/** Escapes text for SVG content and attributes. */
export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/**
 * The colour of a subject: fixed for well-known subjects, else chosen by a hash of
 * its name (FNV-1a), so it never depends on which other subjects are in the chart.
 */
export function colorFor(name: string): string {
  const fixed = FIXED_COLORS[name]
  if (fixed) return fixed
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0
  return PALETTE[h % PALETTE.length]!
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0
}

/** One cluster of bars (one configuration). */
export interface BarGroup {
  label: string
  /**
   * One bar per subject. `min`/`max`, when given, are drawn as a whisker over the
   * bar: the slowest and fastest process of a measurement that ran several times.
   */
  bars: Array<{
    name: string
    value: number
    text: string
    missing?: string
    min?: number
    max?: number
  }>
}

/**
 * Horizontal grouped bars: one cluster per configuration, one bar per subject,
 * each labelled with its value text. All bars share one linear scale from zero;
 * a thin whisker spans each bar's min–max when it has them.
 */
export function barChart(title: string, subtitle: string, groups: BarGroup[]): string {
  // Room for the longest subject name right-aligned before the bars (~6.2 px per
  // character of 11 px text), so no name is cut at the left edge.
  const longestName = Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.name.length)))
  const left = Math.max(190, Math.ceil(20 + longestName * 6.2))
  const barW = 520
  const rowH = 16
  const sublines = subtitle.split('\n')
  // ~6 px per character of 11 px text and ~9.5 px of the 16 px bold title, so
  // neither the machine line nor the title is cut off.
  const width = Math.max(
    left + barW + 170,
    24 + Math.max(...sublines.map((l) => l.length)) * 6,
    24 + title.length * 9.5,
  )
  // One scale for the whole chart, so bar lengths compare across clusters too.
  const max = Math.max(
    ...groups.flatMap((g) => g.bars.map((b) => Math.max(finite(b.value), finite(b.max ?? 0)))),
    1e-12,
  )
  let y = 44 + sublines.length * 14
  const parts: string[] = []
  for (const g of groups) {
    parts.push(
      `<text x="12" y="${y + 12}" font-size="13" font-weight="600" ${FONT}>${esc(g.label)}</text>`,
    )
    y += 20
    for (const b of g.bars) {
      parts.push(
        `<text x="${left - 8}" y="${y + 12}" font-size="11" text-anchor="end" ${FONT}>${esc(b.name)}</text>`,
      )
      if (b.missing || !Number.isFinite(b.value)) {
        parts.push(
          `<text x="${left + 4}" y="${y + 12}" font-size="11" fill="#a00" ${FONT}>${esc(b.missing ?? 'n/a')}</text>`,
        )
      } else {
        const w = Math.max(1, (b.value / max) * barW)
        parts.push(
          `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${colorFor(b.name)}"><title>${esc(`${b.name}: ${b.text}`)}</title></rect>`,
        )
        let textX = left + w + 6
        if (
          b.min !== undefined &&
          b.max !== undefined &&
          Number.isFinite(b.min) &&
          Number.isFinite(b.max)
        ) {
          const x0 = left + (b.min / max) * barW
          const x1 = left + (b.max / max) * barW
          const mid = y + rowH / 2
          parts.push(
            `<path d="M${x0.toFixed(1)} ${mid}H${x1.toFixed(1)}M${x0.toFixed(1)} ${mid - 4}v8M${x1.toFixed(1)} ${mid - 4}v8" stroke="#222" stroke-width="1.2" fill="none"><title>${esc(`${b.name}: min–max of the processes`)}</title></path>`,
          )
          textX = Math.max(textX, x1 + 6)
        }
        parts.push(
          `<text x="${textX.toFixed(1)}" y="${y + 12}" font-size="11" ${FONT}>${esc(b.text)}</text>`,
        )
      }
      y += rowH
    }
    y += 10
  }
  const height = y + 10
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="700" ${FONT}>${esc(title)}</text>`,
    ...sublines.map(
      (l, i) =>
        `<text x="12" y="${42 + i * 14}" font-size="11" fill="#555" ${FONT}>${esc(l)}</text>`,
    ),
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}

/** One small line chart of a grid. */
export interface LinePanel {
  title: string
  xs: number[]
  series: Array<{ name: string; ys: number[] }>
}

/**
 * A grid of small line charts with a log-scale x axis (cache size) and a 0–100%
 * y axis (hit ratio), one line per policy, and one shared legend.
 */
export function lineGrid(
  title: string,
  subtitle: string,
  panels: LinePanel[],
  names: string[],
): string {
  const cols = 3
  const pw = 300
  const ph = 190
  const m = { l: 40, r: 12, t: 24, b: 30 }
  const top = 80
  const rows = Math.ceil(panels.length / cols)
  const width = cols * pw + 20
  const height = top + rows * ph + 20
  const parts: string[] = []
  names.forEach((n, i) => {
    const x = 12 + i * 150
    parts.push(
      `<rect x="${x}" y="54" width="14" height="4" fill="${colorFor(n)}"/>`,
      `<text x="${x + 20}" y="60" font-size="11" ${FONT}>${esc(n)}</text>`,
    )
  })
  panels.forEach((p, i) => {
    const ox = 10 + (i % cols) * pw
    const oy = top + Math.floor(i / cols) * ph
    const iw = pw - m.l - m.r
    const ih = ph - m.t - m.b
    const lx = p.xs.map((x) => Math.log(x))
    const x0 = Math.min(...lx)
    const x1 = Math.max(...lx)
    const sx = (x: number) =>
      ox + m.l + (x1 === x0 ? iw / 2 : ((Math.log(x) - x0) / (x1 - x0)) * iw)
    const sy = (y: number) => oy + m.t + ih - y * ih
    parts.push(
      `<text x="${ox + m.l}" y="${oy + 14}" font-size="12" font-weight="600" ${FONT}>${esc(p.title)}</text>`,
    )
    for (const g of [0, 0.25, 0.5, 0.75, 1]) {
      parts.push(
        `<line x1="${ox + m.l}" x2="${ox + m.l + iw}" y1="${sy(g)}" y2="${sy(g)}" stroke="#e5e5e5"/>`,
        `<text x="${ox + m.l - 4}" y="${sy(g) + 3}" font-size="9" text-anchor="end" fill="#666" ${FONT}>${g * 100}%</text>`,
      )
    }
    for (const x of p.xs) {
      parts.push(
        `<text x="${sx(x)}" y="${oy + m.t + ih + 14}" font-size="9" text-anchor="middle" fill="#666" ${FONT}>${x}</text>`,
      )
    }
    for (const s of p.series) {
      const pts = s.ys.map((y, j) => `${sx(p.xs[j]!).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')
      const c = colorFor(s.name)
      parts.push(
        `<polyline points="${pts}" fill="none" stroke="${c}" stroke-width="2"><title>${esc(s.name)}</title></polyline>`,
      )
      s.ys.forEach((y, j) => {
        parts.push(
          `<circle cx="${sx(p.xs[j]!).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${c}"><title>${esc(`${s.name}, size ${p.xs[j]}: ${(y * 100).toFixed(1)}%`)}</title></circle>`,
        )
      })
    }
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="700" ${FONT}>${esc(title)}</text>`,
    `<text x="12" y="42" font-size="11" fill="#555" ${FONT}>${esc(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}
