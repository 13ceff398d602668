import dagre from '@dagrejs/dagre';
import type { DiagramEdge, DiagramModel, DiagramNode, EdgeKind, NodeShape } from './diagram.ts';

/**
 * Renders a diagram model as a standalone SVG, laid out by dagre (pure JavaScript; no browser).
 * Text is measured by an average glyph width, so boxes are sized for Helvetica/Arial at 12 px.
 */

const FONT = 'Helvetica, Arial, sans-serif';
const FONT_SIZE = 12;
const CHAR_WIDTH = 7;
const LINE_HEIGHT = 16;
const PAD_X = 14;
const PAD_Y = 10;
const MARGIN = 24;

const FILL: Record<NodeShape, { fill: string; stroke: string }> = {
  start: { fill: '#e8f5e9', stroke: '#2e7d32' },
  end: { fill: '#e8f5e9', stroke: '#2e7d32' },
  fail: { fill: '#ffebee', stroke: '#c62828' },
  rect: { fill: '#e3f2fd', stroke: '#1565c0' },
  send: { fill: '#e0f7fa', stroke: '#00838f' },
  hexagon: { fill: '#f1f8e9', stroke: '#558b2f' },
  trapezoid: { fill: '#fff3e0', stroke: '#ef6c00' },
  subroutine: { fill: '#ede7f6', stroke: '#4527a0' },
  rhombus: { fill: '#fffde7', stroke: '#f9a825' },
  cylinder: { fill: '#eceff1', stroke: '#455a64' },
  parallelogram: { fill: '#f3e5f5', stroke: '#6a1b9a' },
  rounded: { fill: '#fce4ec', stroke: '#ad1457' },
  fork: { fill: '#ffffff', stroke: '#37474f' },
  loop: { fill: '#ede7f6', stroke: '#4527a0' },
};

const EDGE_STYLE: Record<EdgeKind, { stroke: string; dash?: string }> = {
  success: { stroke: '#37474f' },
  yes: { stroke: '#2e7d32' },
  no: { stroke: '#e65100' },
  outcome: { stroke: '#ef6c00' },
  loop: { stroke: '#4527a0' },
  error: { stroke: '#c62828', dash: '6 4' },
  compensation: { stroke: '#6a1b9a', dash: '2 3' },
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function nodeSize(n: DiagramNode): { width: number; height: number } {
  const textWidth = Math.max(...n.label.map((l) => l.length)) * CHAR_WIDTH;
  const textHeight = n.label.length * LINE_HEIGHT;
  let width = textWidth + 2 * PAD_X;
  let height = textHeight + 2 * PAD_Y;
  switch (n.shape) {
    case 'rhombus':
      width = width * 1.5;
      height = height * 1.6;
      break;
    case 'hexagon':
    case 'trapezoid':
    case 'parallelogram':
    case 'send':
      width += 30;
      break;
    case 'subroutine':
    case 'loop':
      width += 16;
      break;
    case 'cylinder':
      height += 12;
      break;
    case 'fork':
      width = Math.max(width, height);
      height = Math.max(height, 36);
      break;
    default:
      break;
  }
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

export function renderSvg(model: DiagramModel): string {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 50, edgesep: 20, marginx: MARGIN, marginy: MARGIN });
  for (const c of model.clusters) {
    g.setNode(c.id, { width: 0, height: 0, paddingTop: 28 });
  }
  for (const c of model.clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const n of model.nodes) {
    g.setNode(n.id, nodeSize(n));
    if (n.cluster) g.setParent(n.id, n.cluster);
  }
  model.edges.forEach((e, i) => {
    const label = e.label
      ? { width: e.label.length * CHAR_WIDTH + 8, height: LINE_HEIGHT + 2, labelpos: 'c' as const }
      : {};
    g.setEdge(e.from, e.to, { ...label, minlen: e.kind === 'compensation' ? 2 : 1 }, `e${i}`);
  });
  dagre.layout(g);

  const graph = g.graph();
  const caption = `${model.name}${model.title ? ` — ${model.title}` : ''}`;
  // A narrow flow (one or two steps) is widened to its caption, and centred under it, so that the
  // caption is never cut at the picture's edge.
  const flowWidth = Math.ceil(graph.width ?? 0);
  const width = Math.max(flowWidth, Math.ceil(caption.length * CHAR_WIDTH) + 2 * MARGIN);
  const shift = Math.floor((width - flowWidth) / 2);
  const height = Math.ceil(graph.height ?? 0) + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
    '<defs>',
    ...Object.entries(EDGE_STYLE).map(
      ([kind, s]) =>
        `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${s.stroke}"/></marker>`,
    ),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${height - 10}" fill="#78909c">${xml(caption)}</text>`,
  ];
  if (shift > 0) out.push(`<g transform="translate(${shift},0)">`);
  for (const c of model.clusters) {
    const b = g.node(c.id) as Box;
    const x = b.x - b.width / 2;
    const y = b.y - b.height / 2;
    out.push(
      `<g class="cluster"><rect x="${r(x)}" y="${r(y)}" width="${r(b.width)}" height="${r(b.height)}" rx="8" fill="#fafafa" stroke="#b0bec5" stroke-dasharray="4 3"/>`,
      `<text x="${r(x + 8)}" y="${r(y + 16)}" fill="#546e7a" font-style="italic">${xml(c.label)}</text></g>`,
    );
  }
  const shapes = new Map(model.nodes.map((n) => [n.id, n.shape]));
  model.edges.forEach((e, i) => {
    const layout = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as EdgeLayout;
    const points = [...layout.points];
    points[0] = clip(g.node(e.from) as Box, shapes.get(e.from), points[1] ?? points[0]);
    points[points.length - 1] = clip(
      g.node(e.to) as Box,
      shapes.get(e.to),
      points[points.length - 2] ?? points[0],
    );
    out.push(edgeSvg(e, { ...layout, points }));
  });
  for (const n of model.nodes) out.push(nodeSvg(n, g.node(n.id) as Box));
  if (shift > 0) out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface Point {
  x: number;
  y: number;
}
interface EdgeLayout {
  points: Point[];
  x?: number;
  y?: number;
}

/**
 * dagre ends edges on a node's bounding box; a diamond or an ellipse is smaller, so the end point
 * moves in along the line from the centre towards `toward` to the shape's own outline.
 */
function clip(b: Box, shape: NodeShape | undefined, toward: Point): Point {
  const dx = toward.x - b.x;
  const dy = toward.y - b.y;
  const a = b.width / 2;
  const c = b.height / 2;
  if (dx === 0 && dy === 0) return { x: b.x, y: b.y };
  let t: number;
  if (shape === 'rhombus') t = 1 / (Math.abs(dx) / a + Math.abs(dy) / c);
  else if (shape === 'fork') t = 1 / Math.sqrt((dx / a) ** 2 + (dy / c) ** 2);
  else t = Math.min(a / Math.abs(dx || 1e-9), c / Math.abs(dy || 1e-9));
  return { x: b.x + dx * Math.min(t, 1), y: b.y + dy * Math.min(t, 1) };
}

function edgeSvg(e: DiagramEdge, layout: EdgeLayout): string {
  const style = EDGE_STYLE[e.kind];
  const d = layout.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
  const parts = [
    `<g class="edge ${e.kind}"><path d="${d}" fill="none" stroke="${style.stroke}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${e.kind})"/>`,
  ];
  if (e.label && layout.x !== undefined && layout.y !== undefined) {
    const w = e.label.length * CHAR_WIDTH + 8;
    parts.push(
      `<rect x="${r(layout.x - w / 2)}" y="${r(layout.y - 9)}" width="${r(w)}" height="18" rx="4" fill="#ffffff" stroke="${style.stroke}" stroke-width="0.5"/>`,
      `<text x="${r(layout.x)}" y="${r(layout.y + 4)}" text-anchor="middle" fill="${style.stroke}">${xml(e.label)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

function nodeSvg(n: DiagramNode, b: Box): string {
  const { fill, stroke } = FILL[n.shape];
  const x = b.x - b.width / 2;
  const y = b.y - b.height / 2;
  const w = b.width;
  const h = b.height;
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="1.5"`;
  const poly = (pts: [number, number][]) =>
    `<polygon points="${pts.map(([px, py]) => `${r(px)},${r(py)}`).join(' ')}" ${paint}/>`;
  let shape: string;
  switch (n.shape) {
    case 'start':
    case 'end':
    case 'fail':
      shape = `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" rx="${r(h / 2)}" ${paint}/>`;
      break;
    case 'rect':
      shape = `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" rx="3" ${paint}/>`;
      break;
    case 'rounded':
      shape = `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" rx="12" ${paint}/>`;
      break;
    case 'send':
      shape = poly([
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
        [x + 15, y + h / 2],
      ]);
      break;
    case 'hexagon':
      shape = poly([
        [x + 15, y],
        [x + w - 15, y],
        [x + w, y + h / 2],
        [x + w - 15, y + h],
        [x + 15, y + h],
        [x, y + h / 2],
      ]);
      break;
    case 'trapezoid':
      shape = poly([
        [x + 15, y],
        [x + w - 15, y],
        [x + w, y + h],
        [x, y + h],
      ]);
      break;
    case 'parallelogram':
      shape = poly([
        [x + 15, y],
        [x + w, y],
        [x + w - 15, y + h],
        [x, y + h],
      ]);
      break;
    case 'rhombus':
      shape = poly([
        [x + w / 2, y],
        [x + w, y + h / 2],
        [x + w / 2, y + h],
        [x, y + h / 2],
      ]);
      break;
    case 'subroutine':
    case 'loop':
      shape =
        `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" ${paint}/>` +
        `<line x1="${r(x + 8)}" y1="${r(y)}" x2="${r(x + 8)}" y2="${r(y + h)}" stroke="${stroke}"/>` +
        `<line x1="${r(x + w - 8)}" y1="${r(y)}" x2="${r(x + w - 8)}" y2="${r(y + h)}" stroke="${stroke}"/>`;
      break;
    case 'cylinder': {
      const ry = 6;
      shape =
        `<path d="M${r(x)},${r(y + ry)} A${r(w / 2)},${ry} 0 0 1 ${r(x + w)},${r(y + ry)} L${r(x + w)},${r(y + h - ry)} A${r(w / 2)},${ry} 0 0 1 ${r(x)},${r(y + h - ry)} Z" ${paint}/>` +
        `<path d="M${r(x)},${r(y + ry)} A${r(w / 2)},${ry} 0 0 0 ${r(x + w)},${r(y + ry)}" fill="none" stroke="${stroke}" stroke-width="1.5"/>`;
      break;
    }
    case 'fork':
      shape = `<ellipse cx="${r(b.x)}" cy="${r(b.y)}" rx="${r(w / 2)}" ry="${r(h / 2)}" ${paint}/>`;
      break;
    default: {
      const never: never = n.shape;
      return never;
    }
  }
  const top = b.y - ((n.label.length - 1) * LINE_HEIGHT) / 2 + 4;
  const text = n.label
    .map(
      (line, i) =>
        `<text x="${r(b.x)}" y="${r(top + i * LINE_HEIGHT)}" text-anchor="middle" fill="#263238"${i === 0 ? ' font-weight="bold"' : ''}>${xml(line)}</text>`,
    )
    .join('');
  return `<g class="node ${n.shape}" id="${xml(n.id)}">${shape}${text}</g>`;
}

const r = (n: number): string => (Math.round(n * 10) / 10).toString();

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
