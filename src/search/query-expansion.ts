// Query expansion from WordNet (issue #9): each content word of a shopper's phrase gains the other
// lemmas of its most frequent noun and verb senses ("jumper" -> "sweater", "pullover"). WordNet 3.0's
// own data files (Debian: apt-get install wordnet-base, in /usr/share/wordnet), never a hand-written
// synonym list. Measured by npm run eval:search as an extra keyword list; not used by the tool.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORDNET_DIR = '/usr/share/wordnet';

// Common English function words (they carry no synonyms worth adding).
const STOP = new Set(
  'a an the my your our their his her its i me we you it they them this that these those there here of to in on at by for from with without and or but not no when while as is are was were be been am do does did have has had can will would should could get go up out over under into than then so very some any all each more most just'.split(
    ' ',
  ),
);

export interface WordNet {
  /** Synonyms of a word's first `senses` noun and verb senses, without the word itself. */
  synonyms(word: string, senses?: number): string[];
}

export function loadWordNet(dir = WORDNET_DIR): WordNet | null {
  if (!existsSync(join(dir, 'index.noun'))) return null;
  const pos = ['noun', 'verb'].map((p) => {
    const index = new Map<string, number[]>();
    for (const line of readFileSync(join(dir, `index.${p}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const synsets = Number(f[2]);
      const pointers = Number(f[3]);
      // lemma pos synset_cnt p_cnt [ptr x p_cnt] sense_cnt tagsense_cnt offsets...
      index.set(f[0]!, f.slice(4 + pointers + 2, 4 + pointers + 2 + synsets).map(Number));
    }
    return { index, data: readFileSync(join(dir, `data.${p}`)) };
  });
  const lemmasAt = (data: Buffer, offset: number): string[] => {
    const end = data.indexOf(10, offset);
    const f = data.toString('latin1', offset, end).split(' ');
    const count = Number.parseInt(f[3]!, 16);
    return Array.from({ length: count }, (_, i) =>
      f[4 + 2 * i]!.replace(/\(.*\)$/, '')
        .replaceAll('_', ' ')
        .toLowerCase(),
    );
  };
  const base = (word: string, index: Map<string, number[]>): string | undefined => {
    // A light morphy: the word, then common inflections removed.
    for (const w of [word, word.replace(/s$/, ''), word.replace(/es$/, ''), word.replace(/ies$/, 'y'), word.replace(/ing$/, ''), word.replace(/ing$/, 'e')])
      if (index.has(w)) return w;
    return undefined;
  };
  return {
    synonyms(word, senses = 1) {
      const out = new Set<string>();
      for (const { index, data } of pos) {
        const lemma = base(word, index);
        if (!lemma) continue;
        for (const offset of index.get(lemma)!.slice(0, senses)) for (const l of lemmasAt(data, offset)) if (l !== lemma) out.add(l);
      }
      return [...out];
    },
  };
}

/** The phrase followed by its content words' synonyms. */
export function expandQuery(wordnet: WordNet, phrase: string, senses = 1): string {
  const words = phrase.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  const extra = new Set<string>();
  for (const w of words) if (!STOP.has(w) && w.length > 2) for (const s of wordnet.synonyms(w, senses)) extra.add(s);
  return extra.size === 0 ? phrase : `${phrase} ${[...extra].join(' ')}`;
}
