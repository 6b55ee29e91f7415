// The offer search against the demo councils' real content packs: for at least 90% of the
// queries in tests/search-relevance/<council>.yaml, the item named is among the first three.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { offerIndex, type SearchableItem } from '../src/lib/search';

const ROOT = new URL('../../', import.meta.url);
const COUNCILS = ['kingsmead', 'riverford'];

interface Pack {
  council: { search?: { synonyms?: Record<string, string[]> } };
  offer: SearchableItem[];
}
interface RelevanceSet {
  council: string;
  queries: { query: string; item: string }[];
}

const read = <T>(path: string): T => parse(readFileSync(new URL(path, ROOT), 'utf8')) as T;

describe('search relevance', () => {
  for (const council of COUNCILS) {
    it(`finds the expected item in the top 3 for at least 90% of ${council}'s queries`, (context) => {
      const pack = read<Pack>(`content/${council}.yaml`);
      const set = read<RelevanceSet>(`tests/search-relevance/${council}.yaml`);
      assert.equal(set.council, council);
      assert.ok(set.queries.length >= 30, 'at least 30 queries');
      const ids = new Set(pack.offer.map((item) => item.id));
      for (const { item } of set.queries) assert.ok(ids.has(item), `"${item}" is an item of ${council}'s pack`);

      const index = offerIndex(pack.offer, pack.council.search?.synonyms ?? {});
      const misses = set.queries.filter(({ query, item }) =>
        !index.search(query).hits.slice(0, 3).some((hit) => hit.item.id === item),
      );
      const found = set.queries.length - misses.length;
      const share = (100 * found) / set.queries.length;
      context.diagnostic(`${council}: ${found} of ${set.queries.length} queries (${share.toFixed(1)}%) have their item in the top 3`);
      for (const miss of misses) context.diagnostic(`missed: "${miss.query}" should find ${miss.item}`);
      assert.ok(share >= 90, `${share.toFixed(1)}% is under 90%`);
    });
  }
});
