import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  emptySyncState,
  live,
  makeBundle,
  mergeRecords,
  planBundle,
  undoPlan,
  type SyncState,
} from '../../../core/sync/index.ts';

interface Rec {
  id: string;
  value: number;
  updatedAt: number;
  deleted?: boolean;
}
const key = (r: Rec) => r.id;

const recArb = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  value: fc.integer({ min: 0, max: 5 }),
  updatedAt: fc.integer({ min: 1, max: 6 }),
  deleted: fc.boolean(),
});
const batchArb = fc.array(recArb, { maxLength: 8 });

const apply = (state: Rec[], batch: Rec[]) => mergeRecords(state, batch, key).records;
const norm = (rs: Rec[]) => [...rs].sort((x, y) => x.id.localeCompare(y.id));

describe('mergeRecords properties (fast-check)', () => {
  it('is idempotent: merging the same batch twice equals once', () => {
    fc.assert(
      fc.property(batchArb, batchArb, (s, b) => {
        const once = apply(apply([], s), b);
        expect(norm(apply(once, b))).toEqual(norm(once));
        expect(mergeRecords(once, b, key).counts).toMatchObject({
          added: 0,
          updated: 0,
          deleted: 0,
        });
      }),
    );
  });

  it('is order-independent: any sequence of batches in any order gives the same state', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 5 }), fc.nat(), (batches, seed) => {
        const forward = batches.reduce(apply, [] as Rec[]);
        const shuffled = [...batches].sort(
          (x, y) => ((x.length * 31 + seed) % 7) - ((y.length * 31 + seed) % 7),
        );
        const reversed = [...batches].reverse();
        expect(norm(shuffled.reduce(apply, [] as Rec[]))).toEqual(norm(forward));
        expect(norm(reversed.reduce(apply, [] as Rec[]))).toEqual(norm(forward));
      }),
    );
  });

  it('keeps the record with the latest update time for every key', () => {
    fc.assert(
      fc.property(batchArb, (b) => {
        const out = apply([], b);
        for (const r of out) {
          const latest = Math.max(...b.filter((x) => x.id === r.id).map((x) => x.updatedAt));
          expect(r.updatedAt).toBe(latest);
        }
      }),
    );
  });
});

describe('tombstones', () => {
  it('a deletion wins over an older update and over an update of the same time', () => {
    const stored: Rec[] = [{ id: 'a', value: 1, updatedAt: 10 }];
    const del: Rec = { id: 'a', value: 1, updatedAt: 10, deleted: true };
    expect(apply(stored, [del])[0]!.deleted).toBe(true);
    expect(apply(apply([], [del]), [{ id: 'a', value: 9, updatedAt: 9 }])[0]!.deleted).toBe(true);
  });

  it('a newer update after the deletion brings the record back', () => {
    const out = apply(
      [{ id: 'a', value: 1, updatedAt: 10, deleted: true }],
      [{ id: 'a', value: 2, updatedAt: 11 }],
    );
    expect(out[0]).toEqual({ id: 'a', value: 2, updatedAt: 11 });
    expect(live(out)).toHaveLength(1);
  });
});

describe('planBundle and undo', () => {
  const base = (): SyncState => ({
    ...emptySyncState(),
    audits: [
      {
        id: 'au1',
        url: 'https://x.example/',
        at: 5,
        score: 70,
        findings: [],
        updatedAt: 5,
        deleted: false,
      },
    ],
  });
  const bundle = makeBundle(
    'extension',
    {
      audits: [
        {
          id: 'au1',
          url: 'https://x.example/',
          at: 9,
          score: 90,
          findings: [],
          updatedAt: 9,
          deleted: false,
        },
        {
          id: 'au2',
          url: 'https://y.example/',
          at: 9,
          score: 40,
          findings: [],
          updatedAt: 9,
          deleted: false,
        },
      ],
    },
    100,
  );

  it('shows what will be added and updated before anything is written', () => {
    const plan = planBundle(base(), bundle);
    expect(plan.counts.audits).toEqual({ added: 1, updated: 1, deleted: 0, unchanged: 0 });
    expect(plan.noop).toBe(false);
    expect(planBundle(plan.next, bundle).noop).toBe(true);
  });

  it('undo restores the state from before the merge', () => {
    const before = base();
    const plan = planBundle(before, bundle);
    const restored = undoPlan(plan.next, plan.undo);
    expect(restored.audits).toEqual(before.audits);
  });
});
