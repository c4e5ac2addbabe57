/**
 * A grid of small images, each enlarged by nearest neighbour and labelled underneath: the layout of the
 * weight-template picture and of example-image sheets. Browser-safe.
 *
 * Geometry (pixels): each cell is the tile (tileWidth·zoom × tileHeight·zoom) with `padding` on the left,
 * right and top, then a 4-pixel gap, one line of text (9·textScale) and `padding` below. Cells sit in rows
 * of at most `maxColumns`, filled left to right; an optional title line sits above them.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { drawText, fitText, LINE_HEIGHT, textWidth } from './font.js';
import { blitScaled, createRaster, fillRect, type Channels, type Color, type RasterImage } from './raster.js';

export interface TileGridOptions {
  /** Enlargement of each tile, a whole number (default: the largest keeping the longer side ≤ 128 px, at least 1; 4 for MNIST and CIFAR-10). */
  readonly zoom?: number;
  /** Tiles per row (default 10). */
  readonly maxColumns?: number;
  /** Font scale of labels and title (default 2 when every label fits its cell at 2, else 1). */
  readonly textScale?: number;
  /** Space around each tile in pixels (default 10). */
  readonly padding?: number;
  /** A line of text above the grid (omitted when absent). */
  readonly title?: string;
}

export interface TileGridGeometry {
  readonly count: number;
  readonly columns: number;
  readonly rows: number;
  readonly zoom: number;
  readonly textScale: number;
  readonly padding: number;
  /** Size of one enlarged tile. */
  readonly tileWidth: number;
  readonly tileHeight: number;
  /** Size of one cell (tile, padding and label). */
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Height of the title band (0 without a title). */
  readonly titleHeight: number;
  /** Size of the whole picture. */
  readonly width: number;
  readonly height: number;
}

/** The gap between a tile and its label. */
const LABEL_GAP = 4;
const FRAME: number = 200;

function wholeAtLeast(value: number, min: number, argument: string): void {
  if (!Number.isInteger(value) || value < min) throw new ArgumentError(argument, `must be a whole number ≥ ${min}, got ${value}`);
}

/** The layout of `count` tiles of tileWidth × tileHeight pixels, with labels (used to fit the text scale). */
export function tileGridGeometry(
  count: number,
  tileWidth: number,
  tileHeight: number,
  options: TileGridOptions = {},
  labels: readonly string[] = [],
): TileGridGeometry {
  wholeAtLeast(count, 1, 'count');
  wholeAtLeast(tileWidth, 1, 'tileWidth');
  wholeAtLeast(tileHeight, 1, 'tileHeight');
  const zoom = options.zoom ?? Math.max(1, Math.floor(128 / Math.max(tileWidth, tileHeight)));
  wholeAtLeast(zoom, 1, 'zoom');
  const maxColumns = options.maxColumns ?? 10;
  wholeAtLeast(maxColumns, 1, 'maxColumns');
  const padding = options.padding ?? 10;
  wholeAtLeast(padding, 0, 'padding');
  const columns = Math.min(count, maxColumns);
  const rows = Math.ceil(count / columns);
  const cellWidth = tileWidth * zoom + 2 * padding;
  const labelRoom = cellWidth - 2;
  const textScale = options.textScale ?? (labels.every((l) => textWidth(l, 2) <= labelRoom) ? 2 : 1);
  wholeAtLeast(textScale, 1, 'textScale');
  const lineHeight = LINE_HEIGHT * textScale;
  const cellHeight = padding + tileHeight * zoom + LABEL_GAP + lineHeight + padding;
  const titleHeight = options.title === undefined ? 0 : padding + lineHeight;
  return {
    count,
    columns,
    rows,
    zoom,
    textScale,
    padding,
    tileWidth: tileWidth * zoom,
    tileHeight: tileHeight * zoom,
    cellWidth,
    cellHeight,
    titleHeight,
    width: columns * cellWidth,
    height: titleHeight + rows * cellHeight,
  };
}

export interface Tile {
  /** The tile at its own size (all tiles share size and channel count). */
  readonly image: RasterImage;
  readonly label: string;
}

/** Draw the tiles in a grid on white, each framed in light gray, its label centred beneath (cut with '…' if long). */
export function renderTileGrid(tiles: readonly Tile[], options: TileGridOptions = {}): RasterImage {
  if (tiles.length === 0) throw new ArgumentError('tiles', 'is empty: a grid needs at least one tile');
  const first = tiles[0]!.image;
  const channels: Channels = first.channels;
  tiles.forEach((t, i) => {
    if (t.image.width !== first.width || t.image.height !== first.height || t.image.channels !== channels) {
      throw new ShapeError(
        `tiles[${i}].image`,
        `is ${t.image.width}×${t.image.height}×${t.image.channels}, tile 0 is ${first.width}×${first.height}×${channels}`,
      );
    }
  });
  const g = tileGridGeometry(tiles.length, first.width, first.height, options, tiles.map((t) => t.label));
  const white: Color = new Array<number>(channels).fill(255);
  const frame: Color = channels === 2 || channels === 4 ? [...new Array<number>(channels - 1).fill(FRAME), 255] : new Array<number>(channels).fill(FRAME);
  const out = createRaster(g.width, g.height, channels, white);
  if (options.title !== undefined) {
    drawText(out, fitText(options.title, g.width - 2 * g.padding, g.textScale), g.padding, g.padding, { scale: g.textScale });
  }
  tiles.forEach((t, i) => {
    const cx = (i % g.columns) * g.cellWidth;
    const cy = g.titleHeight + Math.floor(i / g.columns) * g.cellHeight;
    const x = cx + g.padding;
    const y = cy + g.padding;
    if (g.padding > 0) fillRect(out, x - 1, y - 1, g.tileWidth + 2, g.tileHeight + 2, frame);
    blitScaled(out, t.image, x, y, g.zoom);
    const label = fitText(t.label, g.cellWidth - 2, g.textScale);
    const w = textWidth(label, g.textScale);
    drawText(out, label, cx + Math.floor((g.cellWidth - w) / 2), y + g.tileHeight + LABEL_GAP, { scale: g.textScale });
  });
  return out;
}
