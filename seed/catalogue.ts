// The product catalogue: categories, product types and ~1,100 products with deterministic SKUs,
// prices and descriptions composed from type-specific vocabulary in several sentence structures.
import { createRng, type Rng, SEED } from './random.js';
import { CATEGORIES, type CategoryVocab, type TypeVocab, type VariantVocab } from './vocabulary.js';

export interface Category {
  category_id: number;
  category_name: string;
  /** Demand multipliers Jan..Dec. */
  season: readonly number[];
  share: number;
}

export interface ProductType {
  type_id: number;
  category_id: number;
  type_name: string;
  season: readonly number[];
}

export interface Product {
  product_id: number;
  sku: string;
  product_name: string;
  category_id: number;
  type_id: number;
  cost_cents: number;
  price_cents: number;
  cost: string;
  base_price: string;
  gross_margin_percent: string;
  product_description: string;
  /** Relative sales weight within its category: a few best sellers, a long tail. */
  popularity: number;
}

export interface Catalogue {
  categories: Category[];
  productTypes: ProductType[];
  products: Product[];
}

/** Integer cents as a numeric literal, e.g. 1234 -> "12.34". */
export const formatCents = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** ((price - cost) / price * 100) rounded to 2 places, as PostgreSQL's round() would give it. */
export const marginPercent = (priceCents: number, costCents: number): string => formatCents(Math.round(((priceCents - costCents) * 10000) / priceCents));

export function generateCatalogue(seed: number | string = SEED): Catalogue {
  const root = createRng(seed).fork('catalogue');
  const categories: Category[] = [];
  const productTypes: ProductType[] = [];
  const products: Product[] = [];
  const names = new Set<string>();

  CATEGORIES.forEach((cat, ci) => {
    const category_id = ci + 1;
    categories.push({ category_id, category_name: cat.name, season: cat.season, share: cat.share });
    for (const type of cat.types) {
      const type_id = productTypes.length + 1;
      productTypes.push({ type_id, category_id, type_name: type.name, season: type.season ?? cat.season });
      // A stream per type: editing one type's vocabulary leaves every other type's products unchanged.
      const rng = root.fork(`${cat.code}-${type.code}`);
      const order = rng.shuffle(type.variants);
      for (let i = 0; i < type.count; i++) {
        const variant = order[i % order.length]!;
        const product = composeProduct(rng, cat, type, variant, names);
        products.push({
          product_id: products.length + 1,
          sku: `${cat.code}-${type.code}-${String(i + 1).padStart(3, '0')}`,
          category_id,
          type_id,
          ...product,
        });
      }
    }
  });
  return { categories, productTypes, products };
}

const CONSUMABLE_TYPES = new Set(['SED', 'CND']);

type Composed = Omit<Product, 'product_id' | 'sku' | 'category_id' | 'type_id'>;

function composeProduct(rng: Rng, cat: CategoryVocab, type: TypeVocab, variant: VariantVocab, names: Set<string>): Composed {
  const colors = variant.colors.length > 0 ? variant.colors : cat.colors;
  let brand = '';
  let line = '';
  let size = '';
  let color = '';
  let name = '';
  // Re-roll until the name is unique; the vocabulary gives far more combinations than products.
  for (let attempt = 0; attempt < 50; attempt++) {
    brand = rng.pick(cat.brands);
    line = pickLine(rng, type.lines, variant.noun);
    size = variant.sizes.length > 0 ? rng.pick(variant.sizes) : '';
    color = rng.pick(colors);
    name = [`${brand}${line ? ` ${line}` : ''} ${variant.noun}`, size, color].filter(Boolean).join(', ');
    if (!names.has(name)) break;
  }
  names.add(name);

  const sizeIndex = size ? variant.sizes.indexOf(size) : 0;
  const priceCents = drawPrice(rng, variant.price, sizeIndex, variant.sizes.length);
  const margin = rng.float(cat.margin[0], cat.margin[1]);
  const costCents = Math.max(1, Math.min(priceCents - 1, Math.round(priceCents * (1 - margin))));
  const popularity = Math.exp(rng.normal(0, 0.7)) * (rng.chance(0.05) ? 3 : 1);

  return {
    product_name: name,
    cost_cents: costCents,
    price_cents: priceCents,
    cost: formatCents(costCents),
    base_price: formatCents(priceCents),
    gross_margin_percent: marginPercent(priceCents, costCents),
    product_description: describe(
      rng,
      {
        brand,
        line,
        noun: variant.noun,
        size,
        color,
        scent: variant.colorLabel === 'scent',
        consumable: cat.code === 'BTY' || CONSUMABLE_TYPES.has(type.code),
      },
      variant,
    ),
    popularity,
  };
}

/** A model line whose words do not repeat the noun ("Carbon Steel" + "Carbon Steel Wok"). */
function pickLine(rng: Rng, lines: readonly string[], noun: string): string {
  const nounWords = new Set(noun.toLowerCase().split(/[\s-]+/));
  const fits = lines.filter(
    (line) =>
      !line
        .toLowerCase()
        .split(/[\s-]+/)
        .some((w) => nounWords.has(w)),
  );
  return fits.length > 0 ? rng.pick(fits) : '';
}

/** Log-uniform in the variant's range, nudged up for larger sizes, ending in .99 (or .49 under $10). */
function drawPrice(rng: Rng, [min, max]: readonly [number, number], sizeIndex: number, sizeCount: number): number {
  const sizeShare = sizeCount > 1 ? sizeIndex / (sizeCount - 1) : rng.next();
  const position = Math.min(1, Math.max(0, 0.65 * sizeShare + 0.35 * rng.next()));
  const dollars = Math.exp(Math.log(min) + position * (Math.log(max) - Math.log(min)));
  if (dollars < 10) return Math.max(1, Math.round(dollars * 2)) * 50 - 1;
  return Math.round(dollars) * 100 - 1;
}

interface Item {
  brand: string;
  line: string;
  noun: string;
  size: string;
  color: string;
  /** Toiletries come in scents rather than colors. */
  scent: boolean;
  /** Used up rather than kept: no "built to last". */
  consumable: boolean;
}

/** Lower-cases ordinary capitalised words but keeps acronyms and codes (SPF, USB-C, GPS, HD). */
const lowerNoun = (noun: string): string =>
  noun
    .split(' ')
    .map((word) =>
      word
        .split('-')
        .map((part) => (/^[A-Z][a-z']*$/.test(part) ? part.toLowerCase() : part))
        .join('-'),
    )
    .join(' ');

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Joins phrases as "a", "a and b", "a, b and c". */
const list = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Hands out phrases without repeats, so no description says the same thing twice. */
function pool(items: readonly string[]): { take(): string | undefined; takeThis(s: string): string; used(s: string): boolean } {
  const queue = items.slice();
  const taken = new Set<string>();
  return {
    take() {
      const next = queue.shift();
      if (next !== undefined) taken.add(next);
      return next;
    },
    takeThis(s) {
      const at = queue.indexOf(s);
      if (at >= 0) queue.splice(at, 1);
      taken.add(s);
      return s;
    },
    used: (s) => taken.has(s),
  };
}

const isGerund = (phrase: string | undefined): boolean => /^\w+ing\b/.test(phrase ?? '');

function describe(rng: Rng, item: Item, v: VariantVocab): string {
  const plural = /[^s]s$/.test(item.noun.split(' ').pop() ?? '');
  const g = {
    it: plural ? 'they' : 'it',
    It: plural ? 'They' : 'It',
    them: plural ? 'them' : 'it',
    this: plural ? 'these' : 'this',
    is: plural ? 'are' : 'is',
    s: (verb: string) => (plural ? verb : verb.endsWith('s') ? `${verb}es` : `${verb}s`),
  };
  const n = lowerNoun(item.noun);
  const model = `${item.brand}${item.line ? ` ${item.line}` : ''} ${item.noun}`;
  const lineNoun = `${item.line ? `${item.line} ` : ''}${n}`;
  // The core purpose (first use) comes first or second; it is guaranteed a sentence below.
  const [primary, ...others] = v.uses as [string, ...string[]];
  const rest = rng.shuffle(others);
  rest.splice(rng.chance(0.6) ? 0 : Math.min(1, rest.length), 0, primary);
  const uses = pool(rest);
  const features = pool(rng.shuffle(v.features));
  // One material per product, mentioned once: whichever sentence names it first.
  const chosenMaterial = rng.pick(v.materials);
  let materialSaid = false;
  const materialOnce = (): string => {
    materialSaid = true;
    return chosenMaterial;
  };
  const [a1, a2] = rng.sample(v.audiences, 2);

  const openers: (() => string)[] = [
    () => `The ${model} ${g.is} made for ${uses.take()}.`,
    () => `From ${uses.take()} to ${uses.take() ?? 'everyday use'}, ${g.this} ${n} ${g.is} ready for the job.`,
    () => `Meet the ${model}: ${features.take()}, ${materialOnce()} and a design made for ${uses.take()}.`,
    () => `Designed for ${uses.take()}, the ${lineNoun} ${g.s('combine')} ${materialOnce()} with ${features.take()}.`,
    () => `Built with ${uses.take()} in mind, the ${model} ${g.s('pair')} ${features.take()} with ${materialOnce()}.`,
    () => `${item.brand} made the ${lineNoun} for one job above all: ${uses.takeThis(primary)}.`,
    () => {
      const [u1, u2] = [uses.take(), uses.take()];
      return isGerund(u1) && isGerund(u2)
        ? `Whether you are ${u1} or ${u2}, the ${lineNoun} ${g.s('handle')} it with ease.`
        : `Need something for ${u1}${u2 ? ` and ${u2}` : ''}? The ${model} ${g.is} up to the task.`;
    },
  ];
  const secondUse = (): string => {
    const u2 = uses.take();
    if (!u2) return '';
    const u3 = rng.chance(0.4) ? uses.take() : undefined;
    return rng.pick([
      `${g.It} ${g.is} just as handy for ${list([u2, u3].filter(Boolean) as string[])}.`,
      `Use ${g.them} for ${u2}, too.`,
      `${g.It} also ${plural ? 'work' : 'works'} well for ${list([u2, u3].filter(Boolean) as string[])}.`,
      `Customers also love ${g.them} for ${u2}.`,
    ]);
  };
  const featureSentence = (): string => {
    const [f1, f2, f3] = [features.take(), features.take(), rng.chance(0.5) ? features.take() : undefined];
    if (!f1) return '';
    if (!f2) return `${g.It} ${g.s('feature')} ${f1}.`;
    return rng.pick([
      `${g.It} ${g.s('feature')} ${list([f1, f2, f3].filter(Boolean) as string[])}.`,
      `Highlights include ${list([f1, f2, f3].filter(Boolean) as string[])}.`,
      `Thoughtful details such as ${f1} and ${f2} make everyday use easier.`,
      `Expect ${f1}, plus ${f2}.`,
    ]);
  };
  const middles: (() => string)[] = [
    () => {
      if (materialSaid) return '';
      const material = materialOnce();
      return item.consumable
        ? rng.pick([`${g.It} ${g.is} made with ${material}.`, `What is inside: ${material}.`])
        : rng.pick([
            `${g.It} ${g.is} made from ${material}.`,
            `Crafted from ${material}, ${g.it} ${g.is} built to last.`,
            `We chose ${material} because it holds up to years of use.`,
          ]);
    },
    featureSentence,
    secondUse,
    () => rng.pick([`A great pick for ${a1}.`, `Designed with ${a1} in mind.`, a2 ? `Popular with ${a1} and ${a2}.` : `Ideal for ${a1}.`, `Ideal for ${a1}.`]),
    () => (v.notes.length > 0 ? rng.pick(v.notes) : ''),
  ];

  const sentences = [rng.pick(openers)()];
  for (const make of rng.sample(middles, rng.int(3, middles.length))) sentences.push(make());
  if (!uses.used(primary)) sentences.push(rng.pick([`Above all, ${g.it} ${g.is} made for ${primary}.`, `Most people choose ${g.them} for ${primary}.`]));
  if (item.size || item.color) sentences.push(specSentence(rng, item));
  sentences.push(...rng.sample(v.care, rng.chance(0.35) ? 2 : 1));
  return sentences.filter(Boolean).join(' ');
}

function specSentence(rng: Rng, item: Item): string {
  const label = item.scent ? 'scent' : 'color';
  if (!item.size) return `${capitalise(label)}: ${item.color}.`;
  return rng.pick([
    `This listing is the ${item.size} version in ${item.color}.`,
    `Size: ${item.size}. ${capitalise(label)}: ${item.color}.`,
    `Shown here in ${item.size}, ${label} ${item.color}.`,
  ]);
}
