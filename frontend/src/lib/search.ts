// Offline search of the offer. Words are matched whole after stemming ("renting" finds "rent",
// never "parent"), and the council's synonyms from its content pack widen a word ("rent" also
// finds "housing"). Ranked by MiniSearch (BM25) with the title counting most, then the summary,
// then the details. A word that matches nothing gets a "did you mean" from the offer's words.
import distance from 'damerau-levenshtein';
import MiniSearch, { type Query } from 'minisearch';
import { stemmer } from 'stemmer';

export interface SearchableItem {
  id: string;
  title: string;
  summary: string;
  details: string;
}

/** A word typed and what it was taken to mean. */
interface QueryWord {
  typed: string;
  stem: string;
  /** Each synonym as the stems of its words (a phrase needs all of them). */
  synonyms: string[][];
}

export interface Hit<T> {
  item: T;
  /** The stems it matched, to highlight. */
  terms: ReadonlySet<string>;
}

export interface SearchResult<T> {
  hits: Hit<T>[];
  /** False when nothing had every word, so these have only some of them. */
  allWords: boolean;
  /** The query with each word that matched nothing replaced by the nearest word in the offer. */
  suggestion: string | null;
}

const FIELDS = ['title', 'summary', 'details'] as const;
const BOOST = { title: 4, summary: 2, details: 1 };
/** A synonym counts for less than the word typed. */
const SYNONYM_BOOST = { title: 2, summary: 1, details: 0.5 };
/** The last word may be half typed, so it also finds words it starts (from this length). */
const PREFIX_FROM = 3;

// Words of a query that say nothing about what someone is looking for: left out unless nothing
// else was typed.
const STOP_WORDS = new Set(
  ('a about am an and any are as at be can do does for from get give got have help how i if im in is it ' +
    'me my need of on or please some the there this to us want we what when where who with you your')
    .split(' '),
);

/** Lower case without accents or apostrophes, so "cafe" finds "Café" and "dont" "don't". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}|['’]/gu, '').toLocaleLowerCase();
}

/** The words of a text, normalised. */
export function words(text: string): string[] {
  return normalise(text).split(/[^\p{L}\p{N}£]+/u).filter(Boolean);
}

export const stem = (word: string): string => stemmer(word);

/** The stem a word is indexed and matched under. */
function indexTerm(word: string): string | null {
  const normal = normalise(word);
  return normal ? stem(normal) : null;
}

function queryWords(query: string, synonyms: ReadonlyMap<string, string[][]>): QueryWord[] {
  const typed = words(query);
  const meaningful = typed.filter((word) => !STOP_WORDS.has(word));
  return (meaningful.length > 0 ? meaningful : typed).map((word) => ({
    typed: word,
    stem: stem(word),
    synonyms: synonyms.get(stem(word)) ?? [],
  }));
}

export interface OfferIndex<T> {
  search(query: string): SearchResult<T>;
}

/** Builds the index once per offer; searching it is then quick enough for every key press. */
export function offerIndex<T extends SearchableItem>(
  items: readonly T[],
  synonymsByWord: Readonly<Record<string, readonly string[]>>,
): OfferIndex<T> {
  const known = new Set<string>();
  const vocabulary = new Map<string, number>(); // each word of the offer, and how often it appears
  const engine = new MiniSearch<T>({
    fields: [...FIELDS],
    tokenize: words,
    processTerm: (word) => {
      const term = indexTerm(word);
      if (term) {
        known.add(term);
        if (word.length >= PREFIX_FROM) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
      }
      return term;
    },
    // The query is given as stems already (below): searching must not stem them again.
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: BOOST },
  });
  engine.addAll(items);
  const byId = new Map(items.map((item) => [item.id, item]));

  const synonyms = new Map<string, string[][]>();
  for (const [word, others] of Object.entries(synonymsByWord)) {
    synonyms.set(stem(normalise(word)), others.map((phrase) => words(phrase).map(stem)));
    for (const other of [word, ...others].flatMap(words)) vocabulary.set(other, vocabulary.get(other) ?? 0);
  }

  const isLast = (index: number, all: QueryWord[]) => index === all.length - 1;
  const prefixOk = (word: QueryWord, last: boolean) => last && word.stem.length >= PREFIX_FROM;
  const matchesSomething = (word: QueryWord, last: boolean) =>
    known.has(word.stem) ||
    (prefixOk(word, last) && [...known].some((term) => term.startsWith(word.stem))) ||
    word.synonyms.some((phrase) => phrase.every((term) => known.has(term)));

  function wordQuery(word: QueryWord, last: boolean): Query {
    const typed: Query = { queries: [word.stem], prefix: prefixOk(word, last) };
    if (word.synonyms.length === 0) return typed;
    const widened = word.synonyms.map((phrase): Query => ({ queries: phrase, combineWith: 'AND' }));
    return { combineWith: 'OR', queries: [typed, { queries: widened, combineWith: 'OR', boost: SYNONYM_BOOST }] };
  }

  /** The offer's word nearest to `word`: one typing slip away (a swap of two letters is one),
   * or two for a long word; the more common word when two are as near. */
  function nearest(word: string): string | null {
    const most = word.length < 8 ? 1 : 2;
    let best: { word: string; steps: number; count: number } | null = null;
    for (const [candidate, count] of vocabulary) {
      if (Math.abs(candidate.length - word.length) > most) continue;
      const { steps } = distance(word, candidate);
      if (steps > most || steps === 0) continue;
      if (!best || steps < best.steps || (steps === best.steps && count > best.count)) {
        best = { word: candidate, steps, count };
      }
    }
    return best?.word ?? null;
  }

  function suggest(query: QueryWord[]): string | null {
    let changed = false;
    const fixed = query.map((word, index) => {
      if (word.typed.length < PREFIX_FROM || matchesSomething(word, isLast(index, query))) return word.typed;
      const better = nearest(word.typed);
      changed ||= better !== null;
      return better ?? word.typed;
    });
    return changed ? fixed.join(' ') : null;
  }

  function run(query: QueryWord[], combineWith: 'AND' | 'OR'): Hit<T>[] {
    const tree: Query = { combineWith, queries: query.map((word, index) => wordQuery(word, isLast(index, query))) };
    return engine.search(tree).flatMap((result) => {
      const item = byId.get(result.id as string);
      return item ? [{ item, terms: new Set(result.terms) }] : [];
    });
  }

  return {
    search(text) {
      const query = queryWords(text, synonyms);
      if (query.length === 0) return { hits: [], allWords: true, suggestion: null };
      const every = run(query, 'AND');
      const hits = every.length > 0 || query.length === 1 ? every : run(query, 'OR');
      return { hits, allWords: every.length > 0 || query.length === 1, suggestion: suggest(query) };
    },
  };
}

/** A text cut into plain parts and matched words (odd positions), for highlighting. */
export function markMatches(text: string, terms: ReadonlySet<string>): string[] {
  const parts: string[] = [];
  let plain = '';
  for (const piece of text.split(/([\p{L}\p{N}£'’]+)/u)) {
    const term = indexTerm(piece);
    if (term && terms.has(term)) {
      parts.push(plain, piece);
      plain = '';
    } else {
      plain += piece;
    }
  }
  parts.push(plain);
  return parts;
}

/** The first sentence of `text` with a matched word in it, for an item matched only there. */
export function matchingSentence(text: string, terms: ReadonlySet<string>): string | null {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((sentence) => sentence.trim());
  return sentences.find((sentence) => markMatches(sentence, terms).length > 1) ?? null;
}
