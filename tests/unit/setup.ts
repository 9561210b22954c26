// Node has no IndexedDB; fake-indexeddb gives each test file an in-memory one.
import 'fake-indexeddb/auto';

// linkedom 0.18 answers compareDocumentPosition from the two nodes' depths alone: a deeper element
// "follows" a shallower one even when it comes first in the document. core/page merges matched
// lists in document order with it, as browsers answer it; the test DOM gets the standard's answer.
import { Node as LinkedomNode } from 'linkedom';

const ancestry = (n: Node): Node[] => {
  const out: Node[] = [];
  for (let x: Node | null = n; x; x = x.parentNode) out.push(x);
  return out.reverse();
};
LinkedomNode.prototype.compareDocumentPosition = function (this: Node, other: Node): number {
  if (this === other) return 0;
  const a = ancestry(this);
  const b = ancestry(other);
  if (a[0] !== b[0]) return 1 | 32 | 4; // DISCONNECTED | IMPLEMENTATION_SPECIFIC | FOLLOWING
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length) return 16 | 4; // other is inside this: CONTAINED_BY | FOLLOWING
  if (i === b.length) return 8 | 2; // this is inside other: CONTAINS | PRECEDING
  const siblings = Array.from(a[i - 1]!.childNodes);
  return siblings.indexOf(a[i] as ChildNode) < siblings.indexOf(b[i] as ChildNode) ? 4 : 2;
};
