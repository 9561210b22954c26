import { describe, expect, it } from 'vitest';
import { chooseDock, dockedRect } from '../../../extension/features/overlay/avoid.ts';

const size = { width: 380, height: 500 };
// A Dawn-like product page at 1280 px: the add-to-cart button fills the right column.
const addToCartRight = { left: 700, top: 420, right: 1120, bottom: 470 };
const stickyBarFull = { left: 0, top: 300, right: 1280, bottom: 360 };

describe('chooseDock', () => {
  it('keeps the preferred side when it covers no buy button', () => {
    expect(chooseDock('left', size, 1280, [addToCartRight])).toEqual({
      side: 'left',
      collapse: false,
    });
  });

  it('moves to the other side when the preferred one would cover the add-to-cart button', () => {
    expect(chooseDock('right', size, 1280, [addToCartRight])).toEqual({
      side: 'left',
      collapse: false,
    });
  });

  it('collapses when both sides would cover a buy button', () => {
    expect(chooseDock('right', size, 1280, [stickyBarFull])).toEqual({
      side: 'right',
      collapse: true,
    });
  });

  it('places the docked panel inside the viewport margin', () => {
    expect(dockedRect('right', size, 1280, 16)).toEqual({
      left: 884,
      top: 16,
      right: 1264,
      bottom: 516,
    });
  });
});
