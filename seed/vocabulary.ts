// Catalogue vocabulary: categories, product types and the words descriptions are composed from.
// A type has shared phrases plus variants (one per kind of item, e.g. kettle vs blender) whose
// own phrases override the shared ones, so a blender is never described as toasting bagels.
// Grammar contract (catalogue.ts relies on it): uses read naturally after "made for" ("simmering
// soups", "trail races"); the first use is the variant's core purpose; features and materials are noun phrases, audiences are plural noun phrases, care and notes are
// full sentences. Lists are '|'-separated to keep this data file readable.

export interface VariantVocab {
  noun: string;
  sizes: string[];
  colors: string[];
  /** What the "color" option means for this item: most things have colors, toiletries scents. */
  colorLabel: 'color' | 'scent';
  price: [min: number, max: number];
  materials: string[];
  features: string[];
  uses: string[];
  audiences: string[];
  care: string[];
  notes: string[];
}

export interface TypeVocab {
  name: string;
  code: string;
  lines: string[];
  variants: VariantVocab[];
  /** Optional month multipliers (Jan..Dec) replacing the category's seasonality. */
  season?: number[];
  count: number;
}

export interface CategoryVocab {
  name: string;
  code: string;
  brands: string[];
  /** Gross margin range as fractions of the price. */
  margin: [min: number, max: number];
  /** Relative share of order lines. */
  share: number;
  /** Demand multipliers Jan..Dec. */
  season: number[];
  colors: string[];
  types: TypeVocab[];
}

const l = (text: string | undefined): string[] => (text ?? '').split('|').map((s) => s.trim()).filter(Boolean);

interface Phrases {
  sizes?: string;
  colors?: string;
  colorLabel?: 'color' | 'scent';
  price?: [number, number];
  materials?: string;
  features?: string;
  uses?: string;
  audiences?: string;
  care?: string;
  notes?: string;
}

interface TypeInput extends Phrases {
  lines: string;
  season?: number[];
  count?: number;
}

type VariantInput = [noun: string, phrases?: Phrases];

/** A variant's own phrases win; anything it leaves out comes from the type. */
const pick = (own: string | undefined, shared: string | undefined): string[] => l(own ?? shared);

const t = (name: string, code: string, shared: TypeInput, variants: VariantInput[]): TypeVocab => ({
  name,
  code,
  lines: l(shared.lines),
  variants: variants.map(([noun, own = {}]) => {
    const v: VariantVocab = {
      noun,
      sizes: pick(own.sizes, shared.sizes),
      colors: pick(own.colors, shared.colors),
      colorLabel: own.colorLabel ?? shared.colorLabel ?? 'color',
      price: own.price ?? shared.price ?? [10, 50],
      materials: pick(own.materials, shared.materials),
      features: pick(own.features, shared.features),
      uses: pick(own.uses, shared.uses),
      audiences: pick(own.audiences, shared.audiences),
      care: pick(own.care, shared.care),
      notes: pick(own.notes, shared.notes),
    };
    for (const field of ['materials', 'features', 'uses', 'audiences', 'care'] as const) {
      if (v[field].length === 0) throw new Error(`vocabulary: ${name} / ${noun} has no ${field}`);
    }
    return v;
  }),
  ...(shared.season ? { season: shared.season } : {}),
  count: shared.count ?? 16,
});

const v = (noun: string, phrases?: Phrases): VariantInput => (phrases ? [noun, phrases] : [noun]);

// Type-level seasons for products whose demand follows the weather rather than their category.
const RAIN_SEASON = [1.3, 1.2, 1.2, 1.0, 0.7, 0.5, 0.4, 0.6, 1.0, 1.5, 1.6, 1.3];
const WINTER = [1.5, 1.1, 0.7, 0.4, 0.3, 0.2, 0.2, 0.4, 0.8, 1.4, 1.9, 2.1];
const SUMMER = [0.4, 0.5, 0.8, 1.1, 1.5, 1.8, 1.8, 1.4, 0.9, 0.6, 0.5, 0.7];
const HOLIDAY_GIFT = [0.8, 0.7, 0.8, 0.8, 0.85, 0.8, 0.8, 0.85, 0.9, 1.0, 1.5, 2.4];
const BACK_TO_SCHOOL = [0.7, 0.7, 0.8, 0.8, 0.8, 0.9, 1.5, 2.6, 1.6, 0.8, 0.7, 0.8];
const soften = (season: number[], keep: number): number[] => season.map((m) => 1 - keep + m * keep);

const kitchen: CategoryVocab = {
  name: 'Kitchen & Dining',
  code: 'KIT',
  brands: l('Hearthline|Copperleaf|Saltgrain|Oakmere|Brasswell'),
  margin: [0.4, 0.56],
  share: 1.2,
  season: [0.85, 0.8, 0.85, 0.9, 0.95, 0.9, 0.9, 0.95, 1.0, 1.05, 1.35, 1.6],
  colors: l('Stainless|Matte Black|Cream|Sage|Charcoal'),
  types: [
    t('Stockpots', 'STK', {
      lines: 'Heritage|Tri-Ply|Everyday|Pro Series|Harvest Table',
      sizes: '6 qt|8 qt|12 qt|16 qt|20 qt',
      colors: 'Brushed Steel|Polished Steel|Matte Black|Copper Band',
      price: [29, 159],
      materials: 'tri-ply stainless steel|heavy-gauge aluminum with a stainless exterior|enameled carbon steel|18/10 stainless steel with an aluminum core',
      features: 'a thick encapsulated base that spreads heat evenly and prevents scorching|a snug tempered-glass lid with a steam vent|riveted stay-cool handles that stay put when the pot is full|etched measurement marks on the inside wall|a rolled, drip-free pouring rim|tall straight sides that limit evaporation during long simmers',
      uses: 'cooking soups, stocks and stews|simmering a big pot of soup for the whole family|boiling pasta, corn on the cob or potatoes|making big batches of chili for freezing|blanching vegetables and canning preserves|slow-simmering bone broth overnight',
      audiences: 'home cooks who batch-cook for the week|large families|anyone who hosts holiday dinners|meal-preppers',
      care: 'Dishwasher safe, though hand washing keeps the finish bright.|Suitable for gas, electric, ceramic and induction cooktops.|Oven safe to 500°F without the lid.',
      notes: 'It is the pot to reach for whenever you cook soup, stock or chili.|A pot of chicken noodle soup or a hearty beef stew for eight fits with room to spare.|Fill it with water, bones and aromatics and let it bubble gently for hours without sticking.|The wide base sits steadily over a large burner, so a full pot of stock heats up quickly.',
      count: 18,
    }, [v('Stockpot'), v('Soup Pot'), v('Stock Pot with Lid'), v('Dutch Oven', {
      sizes: '4.5 qt|5.5 qt|7 qt',
      materials: 'enameled cast iron|pre-seasoned cast iron',
      features: 'a heavy lid that seals in moisture|a smooth enamel interior that resists staining|wide loop handles that work with oven mitts',
      uses: 'braising short ribs and pot roast|simmering stews and soups for hours|baking crusty no-knead bread|slow-cooking beans and chili in the oven',
      notes: 'It moves from stovetop to oven to table.|Cast iron holds heat so a stew keeps bubbling gently on low.',
    })]),
    t('Frying Pans & Skillets', 'SKL', {
      lines: 'Classic|Ceramic Nonstick|Carbon Steel|Chef Grade|Everyday',
      sizes: '8 in|10 in|12 in|14 in',
      colors: 'Black|Graphite|Sage Green|Cream|Stone Grey',
      price: [19, 129],
      features: 'a flat base that sits flush on induction and glass cooktops|flared sides that make flipping easy|a helper handle for lifting a full pan|pour spouts on both sides',
      uses: 'searing steaks and chops|frying eggs and flipping pancakes|sauteing onions and garlic for sauces|browning meat for a one-pan dinner',
      audiences: 'weeknight cooks|first apartments and dorm kitchens|steak lovers',
      care: 'Use wooden or silicone utensils to protect the surface.|Let the pan cool before rinsing to avoid warping.',
      notes: 'It heats fast and holds a steady temperature, so proteins brown instead of steaming.|Breakfast for two or a one-pan dinner both fit comfortably.',
      count: 18,
    }, [
      v('Cast Iron Skillet', { materials: 'pre-seasoned cast iron', uses: 'searing steaks and chops|baking cornbread and skillet cookies in the oven|cooking over a campfire|frying chicken', care: 'Hand wash with hot water and dry immediately.|Rub with a thin coat of oil after cleaning to keep the seasoning strong.', audiences: 'steak lovers|campers who cook over a fire|cooks who want a pan for life' }),
      v('Nonstick Frying Pan', { materials: 'PFAS-free ceramic nonstick over aluminum|hard-anodized aluminum with a triple-layer nonstick coating', features: 'a coating that releases eggs without oil|a stay-cool silicone-wrapped handle|a flat base that sits flush on induction and glass cooktops', uses: 'frying eggs and flipping pancakes|cooking delicate fish fillets|making omelets and crepes|low-fat cooking with little oil' }),
      v('Saute Pan', { materials: 'tri-ply stainless steel|hard-anodized aluminum', features: 'tall straight sides that contain splatter|a tight-fitting lid|a helper handle for lifting a full pan', uses: 'sauteing vegetables and greens|shallow-frying cutlets|simmering pan sauces|cooking risotto' }),
      v('Carbon Steel Wok', { sizes: '12 in|14 in', materials: 'carbon steel that seasons with use', features: 'a flat bottom that works on any cooktop|a long wooden handle|deep sloped sides for tossing', uses: 'stir-frying vegetables and noodles on high heat|deep-frying tempura|steaming dumplings with a rack', care: 'Hand wash and dry on the burner.|Wipe with oil after each use.' }),
    ]),
    t("Chef's Knives", 'KNF', {
      lines: 'Forged|Damascus|Precision|Kiritsuke|Classic',
      colors: 'Walnut Handle|Black Handle|Olive Wood|Stainless',
      materials: 'high-carbon German stainless steel|67-layer Damascus-clad VG-10 steel|Japanese AUS-8 steel|molybdenum-vanadium stainless steel',
      features: 'a full tang for balance and control|an edge sharpened to 15 degrees per side|a non-slip ergonomic handle|a tapered bolster that encourages a safe pinch grip',
      audiences: 'serious home cooks|culinary students|anyone upgrading from a dull drawer knife|gift-givers shopping for a food lover',
      care: 'Hand wash and dry right away; never put it in the dishwasher.|Hone regularly and store in a block or on a magnetic strip to protect the edge.',
      notes: 'It arrives razor sharp in a protective sleeve.|The weight sits right at the bolster, so long prep sessions are less tiring.',
    }, [
      v("Chef's Knife", { sizes: '6 in|8 in|10 in', price: [29, 189], uses: 'dicing onions and mincing herbs|breaking down a whole chicken|chopping, slicing and dicing everyday ingredients|carving roasts' }),
      v('Santoku Knife', { sizes: '5 in|7 in', price: [25, 149], features: 'a granton edge that stops food sticking to the blade|a flat profile for push cuts|a full tang for balance and control', uses: 'slicing vegetables paper-thin|chopping herbs and scallions|cutting fish and boneless meat' }),
      v('Paring Knife', { sizes: '3 in|3.5 in|4 in', price: [12, 59], uses: 'peeling apples and potatoes|hulling strawberries|deveining shrimp|trimming and detail work' }),
      v('Knife Block Set', { sizes: '7-Piece|12-Piece|15-Piece', price: [79, 329], features: 'a hardwood block with a built-in sharpener|kitchen shears and steak knives included|a full tang on every blade', uses: 'equipping a new kitchen with every knife it needs|chopping, slicing and carving|cutting steaks at the table' }),
    ]),
    t('Cutting Boards', 'CUT', {
      lines: 'End Grain|Reversible|Juice Groove|Prep Station',
      sizes: 'Small|Medium|Large|XL',
      colors: 'Walnut|Maple|Acacia|Bamboo|Charcoal',
      price: [14, 119],
      materials: 'end-grain walnut|edge-grain hard maple|sustainably harvested acacia|organic bamboo|dishwasher-safe wood composite',
      features: 'a deep juice groove that catches liquid from roasts|non-slip rubber feet|recessed side handles|a reversible design with a flat side for bread and cheese|knife-friendly fibers that self-heal',
      uses: 'chopping vegetables and herbs|carving roasts and rotisserie chicken|serving cheese and charcuterie|kneading and shaping dough',
      audiences: 'everyday cooks|hosts who like to serve on wood|barbecue enthusiasts|newlyweds setting up a kitchen',
      care: 'Wash by hand and stand upright to dry.|Oil monthly with food-grade mineral oil to prevent cracking.',
      notes: 'It is heavy enough to stay put while you work.|The surface is gentle on knife edges.|It doubles as a handsome serving platter at the table.',
      count: 14,
    }, [v('Cutting Board'), v('Butcher Block'), v('Charcuterie Board', { uses: 'serving cheese, fruit and charcuterie|presenting appetizers at parties|slicing bread at the table' })]),
    t('Dinnerware', 'DIN', {
      lines: 'Coastal|Stoneware Studio|Farmhouse|Speckle|Modern Rim',
      colors: 'Speckled White|Ocean Blue|Sage|Charcoal|Terracotta|Oat',
      materials: 'reactive-glaze stoneware|chip-resistant porcelain|vitrified china|hand-thrown stoneware',
      features: 'a reactive glaze that makes every piece unique|stackable shapes that save cupboard space|a glaze that is lead free and cadmium free',
      audiences: 'families|hosts who entertain often|first homes|couples building a registry',
      care: 'Dishwasher and microwave safe.|Oven safe up to 350°F for warming plates.',
      notes: 'Each piece feels substantial without being heavy.|It pairs easily with linen napkins and wood boards.',
    }, [
      v('Dinnerware Set', { sizes: '12-Piece|16-Piece|24-Piece', price: [59, 219], uses: 'serving everyday family dinners|setting the table for dinner parties|holiday entertaining' }),
      v('Dinner Plates', { sizes: 'Set of 4|Set of 6', price: [29, 99], features: 'wide rims that frame the food|a generous 11-inch diameter|stackable shapes that save cupboard space', uses: 'plating food for dinner parties|serving everyday family dinners' }),
      v('Pasta Bowls', { sizes: 'Set of 4|Set of 6', price: [24, 89], features: 'deep walls that hold saucy dishes|a wide shallow shape', uses: 'serving pasta, salads and ramen|eating noodle soups and grain bowls' }),
      v('Serving Platter', { sizes: '14 in|16 in|18 in', price: [24, 79], features: 'a raised lip that keeps juices in|a generous oval shape', uses: 'serving a holiday turkey or roast|presenting family-style meals|arranging appetizers for guests' }),
    ]),
    t('Drinkware', 'DRK', {
      lines: 'Everyday|Summit|Crystal Clear|Cafe|Commuter',
      colors: 'Clear|Forest|Navy|Blush|Slate|Sand',
      audiences: 'commuters|coffee drinkers|hosts|office workers',
      care: 'Top-rack dishwasher safe.|Hand wash lids and seals to keep them fresh.',
    }, [
      v('Insulated Tumbler', { sizes: '20 oz|30 oz|40 oz', price: [19, 49], materials: 'double-wall vacuum-insulated stainless steel', features: 'a leak-proof slide lid|a sweat-free exterior|a handle and straw', uses: 'keeping drinks ice-cold for hours|staying hydrated at work|road trips', notes: 'It fits most car cup holders.|Ice is still there at the end of a hot day.' }),
      v('Travel Mug', { sizes: '12 oz|16 oz', price: [16, 39], materials: 'double-wall vacuum-insulated stainless steel', features: 'a one-handed flip lid|a leak-proof seal you can toss in a bag', uses: 'keeping coffee hot on the commute|sipping tea on early hikes', notes: 'Hot drinks stay hot for up to six hours.' }),
      v('Wine Glasses', { sizes: 'Set of 2|Set of 4|Set of 6', price: [19, 79], materials: 'lead-free crystal|break-resistant titanium crystal', features: 'thin laser-cut rims|a large bowl that lets wine breathe|long elegant stems', uses: 'serving wine at dinner parties|celebrating special occasions', notes: 'They make a thoughtful housewarming gift.' }),
      v('Coffee Mugs', { sizes: '12 oz|16 oz|Set of 4', price: [12, 49], materials: 'glazed stoneware|glazed ceramic', features: 'a comfortable handle|a wide base that resists tipping', uses: 'sipping morning coffee and tea|serving hot cocoa', notes: 'The glaze varies slightly from mug to mug.' }),
    ]),
    t('Small Kitchen Appliances', 'APL', {
      lines: 'Brew Pro|Daily|Precision|Retro|Compact',
      colors: 'Stainless|Matte Black|Cream|Red|Sage',
      audiences: 'busy households|small kitchens with limited counter space|first apartments',
      care: 'Wipe the exterior with a damp cloth; never submerge the base.|Unplug before cleaning.',
      count: 20,
    }, [
      v('Electric Kettle', { sizes: '1 L|1.7 L', price: [29, 119], materials: 'brushed stainless steel|borosilicate glass', features: 'variable temperature presets for green tea and pour-over|an automatic shut-off|a keep-warm setting', uses: 'boiling water for tea and pour-over coffee|making instant oatmeal and noodles', care: 'Descale monthly in hard-water areas.' }),
      v('Blender', { sizes: '48 oz|64 oz|Personal', price: [39, 349], materials: 'a BPA-free Tritan jar on a die-cast metal base|a glass jar on a brushed steel base', features: 'a powerful motor with pulse control|stainless steel blades that crush ice|preset programs for smoothies and soups', uses: 'blending smoothies and crushing ice|pureeing soups and sauces|making nut butter and frozen desserts' }),
      v('Stand Mixer', { sizes: '4.5 qt|5 qt|6 qt', price: [129, 449], materials: 'a die-cast metal housing with a polished stainless steel bowl', features: 'a tilt-head design|ten speeds|a dough hook, flat beater and wire whip', uses: 'kneading bread dough|whipping cream and egg whites|mixing cookie and cake batter', audiences: 'bakers|holiday cookie makers|families who bake together' }),
      v('Toaster', { sizes: '2-Slice|4-Slice', price: [29, 149], materials: 'brushed stainless steel', features: 'extra-wide slots for bagels|a crumb tray that slides out|a defrost setting', uses: 'toasting bagels and thick-sliced bread|reheating waffles' }),
      v('Slow Cooker', { sizes: '4 qt|6 qt|8 qt', price: [34, 129], materials: 'a removable stoneware crock|brushed stainless steel', features: 'a programmable timer|a keep-warm setting|a locking lid for travel', uses: 'slow-cooking pot roast, chili and soups while you work|making pulled pork for a crowd|keeping dips warm at parties', notes: 'Set it in the morning and come home to dinner.' }),
      v('Drip Coffee Maker', { sizes: '5-Cup|10-Cup|12-Cup', price: [39, 199], materials: 'a thermal stainless carafe|a glass carafe', features: 'a programmable start time|a bloom cycle|a strength selector', uses: 'brewing coffee for the household each morning|making coffee for guests' }),
    ]),
  ],
};

const footwear: CategoryVocab = {
  name: 'Footwear',
  code: 'FTW',
  brands: l('Trailforge|Strideway|Northpeak|Cobble & Co|Driftwood'),
  margin: [0.42, 0.58],
  share: 1.0,
  season: [0.9, 0.8, 0.95, 1.0, 1.05, 1.0, 1.05, 1.25, 1.2, 1.1, 1.1, 1.2],
  colors: l('Black|Grey|Navy|Tan'),
  types: [
    t('Trail Running Shoes', 'TRL', {
      lines: 'Ridgeline GTX|Mudrunner|Switchback|Talus WP|Cascade',
      sizes: "Men's 8|Men's 9.5|Men's 11|Women's 7|Women's 8.5|Women's 10",
      colors: 'Moss/Black|Slate/Orange|Navy/Lime|Charcoal|Dusty Rose',
      price: [79, 179],
      materials: 'a waterproof, breathable membrane under a ripstop mesh upper|a seam-sealed upper with a gusseted tongue|abrasion-resistant synthetic overlays and recycled mesh',
      features: 'deep 5 mm lugs that grip mud and loose rock|a rock plate that protects the forefoot|a waterproof liner that keeps feet dry through puddles and stream crossings|a cushioned midsole for long descents|a toe bumper that shrugs off roots|quick-lace pull cords',
      uses: 'keeping your feet dry on wet, muddy trails|running muddy forest trails in the rain|fast hiking in changeable weather|trail races and ultra training|winter running on slushy paths',
      audiences: 'trail runners|hikers who prefer a light shoe|runners in rainy climates|fastpackers',
      care: 'Rinse mud off with cold water and air dry away from direct heat.|Remove the insole after wet runs so the shoe dries faster.',
      notes: 'These shoes keep feet dry on wet trails: puddles, shallow streams and sideways rain stay on the outside.|The sticky rubber outsole holds on wet rock and roots.|It feels light and nimble but protected underfoot.',
      count: 18,
    }, [v('Waterproof Trail Running Shoe'), v('Trail Runner'), v('Waterproof Trail Shoe')]),
    t('Hiking Boots', 'HIK', {
      lines: 'Summit Mid WP|Alpine Pro|Timberline|Granite Peak|Basecamp',
      sizes: "Men's 8|Men's 10|Men's 12|Women's 6.5|Women's 8|Women's 9.5",
      colors: 'Brown|Tan/Olive|Black|Grey/Teal|Walnut',
      price: [99, 249],
      materials: 'full-grain waterproof leather|nubuck leather with a waterproof membrane|suede and high-denier nylon',
      features: 'ankle support for uneven terrain|a deep-lugged rubber outsole|a padded collar and gusseted tongue that keep out debris|a stiff shank for carrying heavy packs|a waterproof liner that keeps boots dry in snow and rain',
      uses: 'backpacking with a heavy pack|day hikes on rocky trails|walking in snow, slush and mud|scrambling over scree',
      audiences: 'backpackers|weekend hikers|hunters and anglers|national park travelers',
      care: 'Brush off dirt and treat the leather with conditioner each season.|Re-apply waterproofing spray when water stops beading.',
      notes: 'It breaks in quickly and stays comfortable mile after mile.|Your ankles stay steady on loose descents.|Dry feet on multi-day trips mean fewer blisters.',
    }, [v('Hiking Boot'), v('Mid Hiker'), v('Backpacking Boot')]),
    t('Road Running Shoes', 'RUN', {
      lines: 'Tempo|Cloudstep|Pacer|Marathon Max|Stride 5',
      sizes: "Men's 8|Men's 9|Men's 10.5|Women's 6|Women's 7.5|Women's 9",
      colors: 'White/Blue|Black/Volt|Coral|Grey/Mint|Triple Black',
      price: [69, 189],
      materials: 'an engineered knit upper|a breathable jacquard mesh upper|a lightweight recycled upper',
      features: 'a springy foam midsole|a roomy toe box|reflective details for dawn and dusk runs|an 8 mm heel-to-toe drop',
      uses: 'daily training runs on pavement|walking all day on city streets|treadmill workouts|easy recovery runs',
      audiences: 'new runners|marathon trainees|walkers who want extra cushioning|gym-goers',
      care: 'Machine wash cold in a laundry bag and air dry.|Rotate two pairs to let the foam recover.',
      notes: 'The heel counter locks the foot in without rubbing.|Expect around 400 miles of running from the midsole.',
    }, [v('Running Shoe'), v('Daily Trainer'), v('Racing Shoe', { price: [129, 249], features: 'a carbon-fiber plate for faster turnover|a featherweight mesh upper|a bouncy high-rebound foam', uses: 'racing 5Ks, half marathons and marathons|fast tempo sessions', notes: 'It feels snappy and propulsive at race pace.' })]),
    t('Casual Sneakers', 'SNK', {
      lines: 'Court Classic|Canvas Low|Everyday Knit|Retro 86|Metro',
      sizes: "Men's 8|Men's 9|Men's 11|Women's 6|Women's 7|Women's 8.5",
      colors: 'White|Off-White/Gum|Navy|Black|Olive|Pink',
      price: [39, 119],
      materials: 'organic cotton canvas|smooth leather|recycled knit|vegan leather',
      features: 'a vulcanized rubber sole|a cushioned footbed|a padded collar',
      uses: 'running errands around town|everyday wear with jeans|travel days|casual office wear',
      audiences: 'anyone who wants one pair for everything|students|travelers|commuters',
      care: 'Spot clean with mild soap.|Canvas styles can go in a cold machine wash.',
      notes: 'They go with nearly everything in the closet.|The clean silhouette never looks dated.',
    }, [v('Sneaker'), v('Low-Top Sneaker'), v('Slip-On Sneaker', { features: 'an easy slip-on fit with elastic gores|a cushioned footbed' })]),
    t('Rain Boots', 'RBT', {
      lines: 'Puddle|Downpour|Harbor|Garden|Storm',
      sizes: "Women's 6|Women's 7|Women's 8|Women's 9|Men's 9|Men's 11",
      colors: 'Hunter Green|Black|Mustard|Navy|Red',
      price: [35, 139],
      materials: 'natural rubber|waterproof vulcanized rubber|rubber with a neoprene lining',
      features: 'a fully waterproof shell|a removable cushioned insole|a pull tab for easy on and off|a slip-resistant outsole|a cozy fleece lining for cold days',
      uses: 'walking the dog in the rain|gardening in wet soil|commuting through rainy city streets|festivals and muddy fields',
      audiences: 'gardeners|dog owners|commuters in rainy cities|festival-goers',
      care: 'Rinse with water and wipe clean.|Store out of direct sunlight to keep the rubber supple.',
      notes: 'Feet stay completely dry even in ankle-deep puddles.|They hose off clean after a muddy day.',
      season: RAIN_SEASON,
    }, [v('Rain Boot'), v('Tall Wellington Boot'), v('Chelsea Rain Boot')]),
    t('Sandals', 'SDL', {
      lines: 'Riverwalk|Beachcomber|Terra|Cloud|Coastline',
      sizes: "Men's 8|Men's 10|Men's 12|Women's 6|Women's 8|Women's 10",
      colors: 'Black|Tan|Sea Blue|Coral|Olive',
      price: [19, 99],
      audiences: 'beachgoers|summer travelers|anyone with tired feet',
      care: 'Rinse off salt and sand after use.|Air dry out of direct sun.',
      season: SUMMER,
    }, [
      v('Sport Sandal', { materials: 'quick-dry webbing straps|recycled rubber', features: 'adjustable hook-and-loop straps|a grippy outsole that works wet or dry|a toe guard for rocky shorelines', uses: 'river crossings and water hikes|kayaking and rafting trips|summer travel', notes: 'Secure straps keep them on in moving water.|They dry in minutes after a swim.', audiences: 'kayakers and rafters|summer hikers' }),
      v('Leather Sandal', { materials: 'soft leather straps|a cork footbed', features: 'a contoured footbed with arch support|adjustable buckles', uses: 'summer days in town|vacations and travel', notes: 'The footbed molds to your foot over time.' }),
      v('Recovery Slide', { materials: 'molded EVA foam', features: 'a cushioned, contoured footbed|a textured sole', uses: 'beach days and pool decks|post-workout recovery', notes: 'It feels soft underfoot after a long run.' }),
    ]),
    t('Slippers', 'SLP', {
      lines: 'Fireside|Cozy Cabin|Shearling Classic|Lazy Sunday',
      sizes: 'S|M|L|XL',
      colors: 'Chestnut|Grey|Cream|Charcoal|Plum',
      price: [24, 89],
      materials: 'genuine sheepskin|plush recycled fleece|boiled wool|suede with a faux-fur lining',
      features: 'a memory foam footbed|an indoor-outdoor rubber sole|a warm fleece collar',
      uses: 'keeping feet warm at home|lounging on cold mornings|quick trips to the mailbox',
      audiences: 'anyone with cold floors|holiday gift shoppers|new parents',
      care: 'Spot clean with a damp cloth.|Brush suede gently to restore the nap.',
      notes: 'It feels like a warm hug for your feet.|The sole is sturdy enough for the porch.',
      season: WINTER,
      count: 12,
    }, [v('Slipper'), v('Moccasin Slipper'), v('Slipper Bootie')]),
  ],
};

const outdoor: CategoryVocab = {
  name: 'Outdoor & Camping',
  code: 'OUT',
  brands: l('Northpeak|Wildcraft|Cedar Ridge|Basecamp Supply|Alder & Ash'),
  margin: [0.38, 0.52],
  share: 0.9,
  season: [0.55, 0.6, 0.8, 1.05, 1.4, 1.7, 1.75, 1.45, 1.0, 0.75, 0.7, 0.95],
  colors: l('Sage|Orange|Olive|Slate|Blue'),
  types: [
    t('Tents', 'TNT', {
      lines: 'Trailhead|Skyline|Meadow|Ridge|Basecamp',
      colors: 'Sage|Orange|Sand|Olive|Blue',
      materials: 'ripstop nylon with a silicone-coated rainfly|polyester taffeta with taped seams|lightweight aluminum poles and a bathtub floor',
      features: 'a full-coverage rainfly that sheds heavy rain|color-coded clips for a five-minute pitch|mesh panels for stargazing and airflow|a freestanding frame',
      audiences: 'backpackers|families with young kids|first-time campers|scout troops',
      care: 'Dry completely before storing to prevent mildew.|Pack the poles separately to protect the fabric.',
      notes: 'Guy-out points keep it taut in wind.|It stays dry inside through mountain thunderstorms.',
      count: 18,
    }, [
      v('Backpacking Tent', { sizes: '1-Person|2-Person|3-Person', price: [149, 499], features: 'two doors and two vestibules for gear|a trail weight under 3 lb|a freestanding frame', uses: 'backpacking trips where every ounce counts|bikepacking|thru-hiking', notes: 'It packs down small enough to strap to a backpack.' }),
      v('Family Camping Tent', { sizes: '4-Person|6-Person|8-Person', price: [129, 449], features: 'near-vertical walls and standing headroom|a room divider|a large D-shaped door|an electrical cord port', uses: 'family car camping weekends|festival camping|camping with kids and dogs', notes: 'There is room for two queen air beds.' }),
      v('Dome Tent', { sizes: '2-Person|3-Person|4-Person', price: [79, 229], uses: 'weekend car camping|festival camping|first camping trips', notes: 'There is headroom to sit up and change clothes.' }),
    ]),
    t('Sleeping Bags & Pads', 'SLB', {
      lines: 'Ember|Glacier|Summer Lite|Alpine|Cloud',
      sizes: 'Regular|Long|Wide',
      colors: 'Red|Navy|Olive|Slate|Orange',
      audiences: 'backpackers|side sleepers|families who camp together|cold sleepers',
      care: 'Store uncompressed in the large storage sack.|Air out after each trip.',
    }, [
      v('Down Sleeping Bag', { price: [149, 379], materials: '650-fill responsibly sourced down in a 20D ripstop shell|800-fill hydrophobic down', features: 'a draft collar and contoured hood|a two-way zipper with an anti-snag guard|a compression stuff sack', uses: 'sleeping warm on cold nights in the backcountry|alpine and shoulder-season camping', notes: 'It lofts back up quickly after being unpacked.|The temperature rating is tested to the ISO standard.' }),
      v('Synthetic Sleeping Bag', { price: [49, 169], materials: 'synthetic insulation that stays warm when damp|a polyester shell with a water-resistant finish', features: 'a roomy rectangular cut|a full-length zipper that opens into a quilt|a compression stuff sack', uses: 'summer car camping|sleepovers and guest beds|camping in damp coastal weather' }),
      v('Sleeping Pad', { price: [39, 219], materials: 'a closed-cell foam core|ripstop nylon with an insulated air chamber|self-inflating open-cell foam', features: 'an R-value of 4 for cold ground|a fast flat valve for inflation and deflation|a repair kit', uses: 'insulating you from cold ground|cushioning side sleepers on rocky tent sites|adding comfort to car camping', notes: 'Hips and shoulders stay off the ground.' }),
    ]),
    t('Backpacks', 'BPK', {
      lines: 'Traverse|Switchback|Ascent|Daytripper|Ridge Runner',
      colors: 'Black|Teal|Rust|Olive|Grey',
      materials: 'recycled ripstop nylon|nylon with a PU coating|water-resistant polyester',
      audiences: 'day hikers|thru-hikers|students|travelers',
      care: 'Empty the pockets and hand wash with mild soap.|Hang to dry with all zips open.',
    }, [
      v('Daypack', { sizes: '18 L|22 L|28 L', price: [39, 129], features: 'a ventilated mesh back panel|a hydration sleeve and hose port|a padded laptop sleeve', uses: 'carrying water, snacks and layers on day hikes|commuting by bike|travel as a personal item', notes: 'It carries everything for a day out without bouncing.' }),
      v('Backpacking Pack', { sizes: '45 L|55 L|65 L', price: [149, 299], features: 'an adjustable torso length|hip-belt pockets for snacks and a phone|an integrated rain cover|load lifters that pull weight close to your back', uses: 'multi-day backpacking trips|carrying a tent, stove and sleeping bag|long-distance trekking', notes: 'The suspended-mesh back panel keeps you cooler on climbs.' }),
      v('Hydration Pack', { sizes: '6 L|10 L|14 L', price: [49, 139], features: 'a 2 L reservoir with a bite valve|a low-profile fit that does not bounce', uses: 'drinking on the move while mountain biking|trail running|hot-weather hikes' }),
    ]),
    t('Camp Kitchen', 'STV', {
      lines: 'Flame|Micro|Basecamp|Nesting|Campfire',
      colors: 'Green|Silver|Red|Black',
      audiences: 'campers|backpackers|tailgaters|emergency-kit builders',
      care: 'Let it cool completely before packing.|Wash with biodegradable soap.',
    }, [
      v('Two-Burner Camp Stove', { price: [59, 199], materials: 'powder-coated steel|stainless steel burners', features: 'a push-button igniter|wind-blocking side panels|a simmer control that does more than boil', uses: 'cooking breakfast at the campsite|tailgating|cooking for a group outdoors', notes: 'Two full-size pans fit side by side.' }),
      v('Backpacking Stove', { price: [29, 129], materials: 'titanium|hard-anodized aluminum', features: 'a piezo igniter|a pot support that folds to the size of an egg', uses: 'boiling water for freeze-dried meals|brewing coffee on the trail', notes: 'A liter of water boils in about three minutes.' }),
      v('Camp Cook Set', { sizes: '2-Person|4-Person', price: [24, 119], materials: 'hard-anodized aluminum|stainless steel', features: 'nesting pots, pans and bowls|folding handles|a mesh storage bag', uses: 'cooking one-pot meals at camp|serving a family around the fire', notes: 'Everything nests into one compact kit.' }),
      v('Camp Percolator', { sizes: '9-Cup|14-Cup', price: [24, 59], materials: 'stainless steel|enameled steel', features: 'a glass view knob|a stay-cool handle', uses: 'brewing coffee over a campfire|making coffee for the whole campsite' }),
    ]),
    t('Lighting', 'LGT', {
      lines: 'Beacon|Glowworm|Night Hawk|Firefly',
      colors: 'Black|Orange|Blue|Yellow',
      audiences: 'campers|home emergency kits|anglers|hikers',
      care: 'Charge fully before storing for long periods.|Wipe the lens clean after dusty trips.',
    }, [
      v('Headlamp', { sizes: '300 lm|450 lm|800 lm', price: [14, 79], materials: 'a lightweight polycarbonate housing|a moisture-wicking headband', features: 'a USB-C rechargeable battery|a red night-vision mode|a lock mode so it never turns on in your pack', uses: 'night hikes and early alpine starts|reading in a sleeping bag|keeping hands free while cooking after dark', notes: 'It keeps both hands free for cooking and pitching the tent.' }),
      v('Camp Lantern', { sizes: '400 lm|1000 lm', price: [19, 89], materials: 'impact-resistant polycarbonate|an IPX4 weatherproof body', features: 'a 360-degree diffused glow|a hanging hook|a power bank output for phones', uses: 'lighting up the tent after dark|lighting the picnic table|power outages at home', notes: 'Run time reaches 40 hours on the low setting.' }),
      v('Flashlight', { sizes: '500 lm|1000 lm|1800 lm', price: [14, 69], materials: 'anodized aluminum', features: 'a focusable beam|a strobe mode|an IPX7 waterproof rating', uses: 'checking the car at night|power outages at home|searching the campsite for gear' }),
    ]),
    t('Water Bottles & Filters', 'WTR', {
      lines: 'Pure Trail|Canyon|Streamline|Summit',
      colors: 'Clear|Navy|Forest|Stone|Coral',
      audiences: 'backpackers|travelers|hikers|gym-goers',
      care: 'Hand wash and air dry.|Empty before freezing temperatures.',
    }, [
      v('Water Filter', { sizes: '1 L|Squeeze|4 L Gravity', price: [24, 119], materials: 'a hollow-fiber filter membrane|BPA-free soft flask', features: 'a 0.1 micron filter that removes bacteria and protozoa|a backflush syringe|a filter life of 100,000 gallons', uses: 'drinking safely from streams and lakes|treating water on international travel|emergency preparedness', notes: 'It turns creek water into clean drinking water in seconds.', care: 'Backflush the filter after each trip.|Never let the filter freeze once wet.' }),
      v('Insulated Water Bottle', { sizes: '18 oz|24 oz|32 oz|40 oz', price: [19, 49], materials: '18/8 stainless steel with double-wall vacuum insulation', features: 'a leak-proof chug cap|a powder-coated grip|a carry loop', uses: 'keeping water ice-cold on hot days|staying hydrated on long hikes|the gym and office', notes: 'It fits standard bottle cages and pack pockets.' }),
      v('Collapsible Water Bottle', { sizes: '600 ml|1 L', price: [12, 29], materials: 'BPA-free food-grade silicone', features: 'a design that rolls down to pocket size|a clip-on carabiner', uses: 'travel days and airports|ultralight hiking' }),
    ]),
  ],
};

const apparel: CategoryVocab = {
  name: 'Apparel',
  code: 'APP',
  brands: l('Driftwood|Harbor & Pine|Northpeak|Loomwell|Fieldhouse'),
  margin: [0.5, 0.66],
  share: 1.3,
  season: [0.9, 0.8, 0.95, 1.0, 1.0, 0.9, 0.9, 1.1, 1.15, 1.2, 1.3, 1.45],
  colors: l('Black|Navy|Heather Grey|Olive|Cream'),
  types: [
    t('Rain Jackets', 'RJK', {
      lines: 'Stormline 2.5L|Drizzle|Cloudburst|Torrent Pro|Mistral',
      sizes: "Men's S|Men's M|Men's L|Men's XL|Women's XS|Women's M|Women's L",
      colors: 'Black|Fern|Harbor Blue|Mustard|Red|Slate',
      price: [59, 249],
      materials: 'a 2.5-layer waterproof, breathable nylon shell|recycled polyester with a PFC-free water-repellent finish|a 3-layer waterproof laminate',
      features: 'fully taped seams|an adjustable, helmet-compatible hood|pit zips for venting on climbs|a packable design that stuffs into its own pocket|a longer cut at the back',
      uses: 'staying dry on rainy commutes|hiking in wet and windy weather|travel when the forecast is uncertain|cycling to work in the rain',
      audiences: 'commuters|hikers|travelers|anyone living in a rainy climate',
      care: 'Machine wash warm and tumble dry low to refresh the water repellency.|Avoid fabric softener.',
      notes: 'Rain beads up and rolls off the shell.|It weighs so little you forget it is in your bag.',
      season: RAIN_SEASON,
    }, [v('Rain Jacket'), v('Rain Shell'), v('Packable Rain Jacket'), v('Waterproof Parka', { price: [129, 279], features: 'a longer thigh-length cut|a fleece-lined collar|fully taped seams' })]),
    t('Fleece & Mid-layers', 'FLC', {
      lines: 'Trailhead|Polar Classic|Grid Tech|Hearth|Alpine',
      sizes: 'XS|S|M|L|XL|XXL',
      colors: 'Heather Grey|Navy|Oatmeal|Forest|Rust|Black',
      price: [39, 149],
      materials: 'recycled polyester fleece|sherpa pile|grid fleece|synthetic insulation',
      features: 'zippered hand pockets|a stand-up collar|thumb loops|a brushed interior that traps warmth',
      uses: 'layering under a shell on cold hikes|chilly mornings around the campfire|everyday wear in autumn|travel on cold planes',
      audiences: 'hikers|anyone who runs cold|students|layering fans',
      care: 'Machine wash cold and line dry.|Turn inside out to reduce pilling.',
      notes: 'It breathes well while you move and keeps you warm at rest.|It is soft enough to wear all day.',
      season: soften(WINTER, 0.5),
    }, [v('Fleece Jacket'), v('Quarter-Zip Fleece'), v('Grid Fleece Hoodie'), v('Puffer Vest', { materials: 'recycled synthetic insulation in a ripstop shell|responsibly sourced down', features: 'a packable design|a water-resistant finish|zippered hand pockets' })]),
    t('T-Shirts & Tops', 'TEE', {
      lines: 'Everyday|Organic Essential|Slub|Heavyweight|Performance',
      sizes: 'XS|S|M|L|XL|XXL',
      colors: 'White|Black|Heather Grey|Navy|Sage|Terracotta|Sky',
      price: [14, 49],
      materials: '100% organic cotton|a cotton and modal blend|heavyweight garment-dyed cotton',
      features: 'a relaxed fit|reinforced shoulder seams|a tagless neckline',
      uses: 'everyday layering|lounging at home|hot summer days',
      audiences: 'anyone building a capsule wardrobe|students|people who prefer natural fibers',
      care: 'Machine wash cold with like colors.|Tumble dry low; expect minimal shrinkage.',
      notes: 'It softens with every wash.|The fabric holds its shape and color.',
      count: 20,
    }, [v('Crewneck Tee'), v('Long Sleeve Tee'), v('Henley'), v('Performance Tee', { materials: 'moisture-wicking recycled polyester', features: 'flatlock seams that prevent chafing|anti-odor treatment|a quick-dry knit', uses: 'workouts and runs|hot hikes|gym sessions', audiences: 'athletes|runners' })]),
    t('Pants', 'PNT', {
      lines: 'Slim Straight|Relaxed|Stretch|Weekend|Trail',
      sizes: '28x30|30x32|32x32|34x32|36x34|38x30',
      colors: 'Indigo|Washed Black|Khaki|Olive|Stone|Charcoal',
      price: [39, 129],
      audiences: 'commuters|travelers|anyone who hates stiff waistbands',
      care: 'Wash inside out in cold water.|Hang dry to keep the fit.',
    }, [
      v('Jeans', { materials: 'stretch denim|rigid selvedge denim|organic cotton denim', features: 'a five-pocket design|a comfort waistband|reinforced rivets', uses: 'everyday wear|weekend errands|casual Fridays', notes: 'They move with you without bagging out.' }),
      v('Chinos', { materials: 'stretch cotton twill', features: 'a tailored taper|a hidden phone pocket', uses: 'smart-casual office days|dinners out|travel', notes: 'They look sharp with a tee or a button-down.' }),
      v('Hiking Pants', { materials: 'quick-dry nylon with stretch', features: 'a gusseted crotch for freedom of movement|zippered security pockets|articulated knees|zip-off legs that convert to shorts', uses: 'hiking and travel|scrambling over rocks|hot-weather treks', notes: 'The fabric dries quickly if you get caught in a shower.', audiences: 'hikers|travelers' }),
      v('Joggers', { materials: 'French terry|brushed fleece', features: 'an elastic drawstring waistband|cuffed ankles|deep pockets', uses: 'lounging on weekends|travel days|warm-ups before workouts' }),
    ]),
    t('Knitwear', 'KNT', {
      lines: 'Merino|Fisherman|Cashmere Blend|Chunky|Cozy Rib',
      colors: 'Cream|Camel|Charcoal|Burgundy|Forest|Navy',
      materials: 'extra-fine merino wool|a cashmere and wool blend|recycled wool|organic cotton cable knit',
      audiences: 'gift shoppers|anyone who feels the cold|skiers|people who love classic style',
      care: 'Hand wash cold or use the wool cycle.|Dry flat to keep the shape.',
      notes: 'It is warm without feeling bulky.|It does not itch against bare skin.',
      season: soften(WINTER, 0.7),
    }, [
      v('Crewneck Sweater', { sizes: 'XS|S|M|L|XL', price: [49, 169], features: 'ribbed cuffs and hem|a relaxed drop shoulder|naturally odor-resistant fibers', uses: 'staying warm on winter days|layering over shirts at the office|holiday gatherings' }),
      v('Cardigan', { sizes: 'XS|S|M|L|XL', price: [59, 179], features: 'horn-style buttons|patch pockets|a longline cut', uses: 'layering on cool evenings|staying warm in chilly offices' }),
      v('Beanie', { sizes: 'One Size', price: [19, 49], features: 'a fold-over cuff|a snug rib knit', uses: 'keeping ears warm in winter|ski trips|cold morning dog walks' }),
      v('Scarf', { sizes: 'One Size', price: [24, 89], features: 'fringed ends|a generous length for wrapping twice', uses: 'keeping the neck warm on cold commutes|adding color to a winter coat' }),
    ]),
    t('Socks', 'SCK', {
      lines: 'Hiker Cushion|Merino Light|Everyday|Thermal',
      sizes: 'S|M|L|XL',
      colors: 'Grey|Black|Navy|Multi|Oatmeal',
      price: [9, 34],
      materials: 'merino wool with nylon for durability|recycled cotton|moisture-wicking synthetic yarn',
      features: 'cushioning at the heel and toe|a seamless toe|arch support bands|reinforced high-wear zones',
      uses: 'preventing blisters on long hikes|running in warm weather|keeping feet warm in winter boots|everyday wear',
      audiences: 'hikers|runners|people on their feet all day|skiers',
      care: 'Machine wash warm, inside out.|Tumble dry low.',
      notes: 'They stay up without squeezing.|They wick sweat so feet stay comfortable and less smelly after a long day.',
    }, [v('Hiking Socks'), v('Running Socks'), v('Crew Socks 3-Pack'), v('Wool Socks')]),
  ],
};

const homeDecor: CategoryVocab = {
  name: 'Home Decor',
  code: 'HOM',
  brands: l('Oakmere|Linden House|Saltmarsh|Juniper & Co|Brasswell'),
  margin: [0.48, 0.64],
  share: 0.9,
  season: [0.85, 0.85, 0.95, 1.0, 1.0, 0.9, 0.9, 0.95, 1.05, 1.15, 1.3, 1.4],
  colors: l('Ivory|Sage|Rust|Charcoal|Blush'),
  types: [
    t('Throws & Blankets', 'THR', {
      lines: 'Chunky Knit|Herringbone|Sherpa|Waffle Weave|Cloud',
      colors: 'Ivory|Sage|Rust|Charcoal|Blush|Ocean',
      audiences: 'anyone who loves a cozy living room|students|gift shoppers',
      care: 'Machine wash cold on gentle and tumble dry low.|Shake out and reshape after washing.',
    }, [
      v('Throw Blanket', { sizes: '50x60 in|60x80 in', price: [29, 119], materials: 'soft acrylic knit|100% cotton waffle weave|plush sherpa fleece|stonewashed linen', features: 'tasseled edges|a reversible design|a breathable weave for year-round use', uses: 'curling up on the sofa for movie night|adding warmth at the foot of the bed|picnics in the park', notes: 'It drapes beautifully over a sofa arm.|It adds texture and color to a neutral room.' }),
      v('Weighted Blanket', { sizes: '12 lb|15 lb|20 lb', price: [69, 199], materials: 'glass-bead weighted microfiber|breathable cotton with glass beads', features: 'evenly stitched pockets that keep weight in place|a removable washable cover', uses: 'calming down before sleep|easing restless nights|relaxing on the couch', audiences: 'light sleepers|anyone who finds deep pressure soothing', notes: 'The gentle, even pressure feels like a hug.' }),
      v('Quilt', { sizes: 'Full/Queen|King', price: [79, 219], materials: 'cotton voile|washed linen', features: 'hand-stitched kantha quilting|a lightweight fill for warm nights', uses: 'layering the bed through the seasons|sleeping under a lighter cover in summer' }),
    ]),
    t('Cushions & Pillows', 'CSH', {
      lines: 'Boucle|Linen Blend|Embroidered|Velvet|Outdoor',
      sizes: '18x18 in|20x20 in|14x24 in|24x24 in',
      colors: 'Cream|Mustard|Teal|Terracotta|Charcoal|Olive',
      price: [19, 79],
      materials: 'textured boucle|washed linen blend|cotton velvet|fade-resistant outdoor fabric',
      features: 'a hidden zipper|a plump feather-down insert|a removable washable cover',
      uses: 'refreshing a sofa or reading nook|adding back support to dining chairs|styling the bed',
      audiences: 'renters|interior design fans|families with kids and pets',
      care: 'Remove the cover and machine wash cold.|Plump daily to keep the shape.',
      notes: 'It is an easy way to change a room with the seasons.|The fill springs back after you lean on it.',
    }, [v('Throw Pillow'), v('Cushion Cover'), v('Lumbar Pillow'), v('Floor Cushion', { sizes: '24x24 in|28x28 in', uses: 'extra seating for guests|creating a reading corner for kids|meditation' })]),
    t('Candles & Home Fragrance', 'CND', {
      lines: 'Cedar & Smoke|Sea Salt Sage|Fig Leaf|Winter Spice|Fresh Linen',
      colors: 'Amber Glass|Frosted White|Black Matte|Clear',
      uses: 'setting a calm mood in the evening|making the house smell welcoming for guests|winding down after a long day|gifting for birthdays',
      audiences: 'hosts|gift shoppers|anyone who loves a spa feeling at home',
      price: [12, 64],
    }, [
      v('Scented Candle', { sizes: '8 oz|12 oz|16 oz', materials: 'a natural coconut and soy wax blend with a cotton wick', features: 'a clean, even burn|up to 60 hours of burn time|a reusable amber glass vessel', care: 'Trim the wick to 1/4 inch before each burn.|Never leave a burning candle unattended.', notes: 'The scent fills a room without being overpowering.|The vessel makes a handy pot for succulents afterwards.' }),
      v('Three-Wick Candle', { sizes: '14 oz|21 oz', materials: 'a soy wax blend with three cotton wicks', features: 'a wide melt pool for strong scent throw|a wooden lid', care: 'Burn for two hours the first time so the wax melts evenly.|Never leave a burning candle unattended.' }),
      v('Reed Diffuser', { sizes: '100 ml|200 ml', materials: 'rattan reeds and a phthalate-free fragrance oil', features: 'flame-free fragrance for months|reeds you flip for a scent boost', care: 'Flip the reeds weekly.|Keep away from polished wood surfaces.', notes: 'It scents a bathroom or entryway for up to three months.' }),
    ]),
    t('Lamps', 'LMP', {
      lines: 'Mid-Century|Ceramic|Arc|Task|Rattan',
      colors: 'Brass|Matte Black|White|Natural|Sage',
      materials: 'brushed brass|glazed ceramic|hand-woven rattan|powder-coated steel',
      audiences: 'home office workers|readers|apartment dwellers',
      care: 'Dust with a soft, dry cloth.|Use LED bulbs up to 60 W equivalent.',
      notes: 'Warm light makes the room feel calm in the evening.|It looks good switched off, too.',
    }, [
      v('Table Lamp', { sizes: '18 in|24 in', price: [34, 149], features: 'a linen drum shade|a dimmable switch|a USB port in the base', uses: 'reading in bed|adding warm ambient light to a living room' }),
      v('Floor Lamp', { sizes: '58 in|64 in|72 in', price: [59, 249], features: 'a weighted base|a foot switch|an adjustable shade', uses: 'brightening a dark corner|lighting a reading chair' }),
      v('Desk Lamp', { sizes: '15 in|18 in', price: [29, 129], features: 'an adjustable arm and head|a glare-free LED panel|color temperature settings', uses: 'lighting a home office desk|late-night studying|detailed hobby work' }),
    ]),
    t('Wall Art & Mirrors', 'ART', {
      lines: 'Coastal|Botanical|Abstract|Minimal|Arched',
      colors: 'Oak|Black|White|Brass|Walnut',
      audiences: 'new homeowners|renters|gift shoppers',
      care: 'Clean with a soft, damp cloth.|Keep out of strong direct sun.',
      notes: 'It makes blank walls feel finished.|Hanging hardware is included.',
    }, [
      v('Framed Print', { sizes: '12x16 in|16x20 in|24x36 in', price: [29, 189], materials: 'archival paper and inks in a solid oak frame|gallery-wrapped canvas', features: 'a wide white mat|shatter-resistant acrylic glazing', uses: 'finishing an entryway|anchoring a living room wall|creating a gallery wall' }),
      v('Picture Frame', { sizes: '5x7 in|8x10 in|11x14 in|Set of 6', price: [12, 89], materials: 'solid oak|metal with a brass finish', features: 'a mat that makes small photos look gallery-ready|easel backs for tabletop display', uses: 'displaying family photos|framing kids\' artwork|creating a gallery wall' }),
      v('Wall Mirror', { sizes: '24 in|30 in|36x48 in', price: [49, 249], materials: 'distortion-free glass in a metal frame|beveled glass in a wood frame', features: 'a secure French cleat for hanging|an arched or round silhouette', uses: 'making a small room look larger|bouncing light into a dark hallway|checking your outfit before heading out' }),
    ]),
    t('Vases & Indoor Planters', 'VAS', {
      lines: 'Ribbed|Terracotta|Bubble Glass|Stoneware|Macrame',
      sizes: 'Small|Medium|Large|Set of 3',
      colors: 'Terracotta|White|Sage|Amber|Black',
      price: [12, 99],
      audiences: 'plant lovers|hosts|apartment gardeners',
    }, [
      v('Vase', { materials: 'recycled glass|matte stoneware', features: 'a weighted base that resists tipping|a watertight glaze', uses: 'displaying fresh flowers|styling shelves and mantels', care: 'Glass styles are dishwasher safe.|Change flower water every two days.', notes: 'A single stem looks intentional in it.' }),
      v('Indoor Planter', { materials: 'unglazed terracotta|matte stoneware', features: 'a drainage hole and saucer|a mid-century stand', uses: 'growing houseplants|gifting a plant', care: 'Empty standing water in the saucer to protect roots.|Wipe clean with a damp cloth.', notes: 'Terracotta breathes, so roots stay healthy.' }),
      v('Hanging Planter', { materials: 'cotton macrame rope and a ceramic pot', features: 'a sturdy ceiling hook|an adjustable hanging length', uses: 'growing trailing plants in a sunny window|saving floor space in small apartments', care: 'Water over a sink and let it drain before hanging.|Spot clean the rope.' }),
    ]),
  ],
};

const electronics: CategoryVocab = {
  name: 'Electronics',
  code: 'ELC',
  brands: l('Voltaic|Soundmere|Lumen Labs|Pivot|Arcwave'),
  margin: [0.18, 0.34],
  share: 1.0,
  season: [0.9, 0.8, 0.85, 0.85, 0.9, 0.9, 1.0, 1.05, 0.95, 1.0, 1.6, 1.9],
  colors: l('Black|White|Graphite|Midnight Blue|Sand'),
  types: [
    t('Headphones & Earbuds', 'HPH', {
      lines: 'Quiet Pro|Aura|Pulse|Studio 7|Echo',
      audiences: 'frequent flyers|students|remote workers|music lovers',
      care: 'Wipe ear tips and cushions regularly with a dry cloth.|Store in the case to protect the drivers.',
      count: 18,
    }, [
      v('Noise-Cancelling Headphones', { price: [99, 349], materials: 'memory-foam ear cushions and a lightweight aluminum headband', features: 'active noise cancellation with a transparency mode|up to 30 hours of battery life|multipoint Bluetooth pairing', uses: 'blocking out noise on flights and commutes|focusing in an open-plan office|long listening sessions at home', notes: 'Engine roar and office chatter fade into the background.' }),
      v('Wireless Earbuds', { price: [39, 249], materials: 'ergonomic housings with silicone ear tips in three sizes', features: 'a wireless charging case|clear call microphones with wind reduction|active noise cancellation', uses: 'taking calls on the go|listening to podcasts on the commute', notes: 'A ten-minute charge gives hours of playback.' }),
      v('Sport Earbuds', { price: [29, 179], materials: 'sweat-resistant IPX5 housings with secure ear hooks', features: 'ear hooks that never fall out|an ambient mode for road safety', uses: 'listening to music while working out|running and cycling', audiences: 'runners and gym-goers' }),
    ]),
    t('Speakers', 'SPK', {
      lines: 'Boom|Roam|Party Max|Mini|Home',
      colors: 'Black|Teal|Coral|Stone|Forest',
      audiences: 'music lovers|film fans|party hosts',
      care: 'Dust the grille with a soft brush.|Keep the charging port dry.',
    }, [
      v('Portable Bluetooth Speaker', { price: [29, 199], materials: 'a rugged fabric-wrapped shell|a waterproof and dustproof IP67 body', features: '360-degree sound|stereo pairing with a second speaker|15 hours of playtime|a carrying strap', uses: 'playing music at the beach or pool|backyard barbecues|camping trips', notes: 'It floats if it falls in the pool.|The bass is surprisingly full for its size.', audiences: 'campers|beachgoers' }),
      v('Smart Speaker', { price: [49, 229], materials: 'an acoustic fabric cover', features: 'a built-in voice assistant|multi-room audio|a privacy switch for the microphones', uses: 'filling a kitchen with music|setting timers and checking weather hands-free' }),
      v('Soundbar', { price: [99, 399], materials: 'an aluminum grille', features: 'a wireless subwoofer|a dialogue enhancement mode|HDMI eARC', uses: 'watching movies with clearer dialogue|upgrading TV sound', audiences: 'film fans|sports fans' }),
    ]),
    t('Chargers & Power', 'PWR', {
      lines: 'Juice|GaN Fast|Braided|Dock|Slim',
      colors: 'Black|White|Grey|Blue',
      audiences: 'travelers|students|remote workers|households with many devices',
      care: 'Avoid leaving it in a hot car.|Unplug when not in use.',
    }, [
      v('Power Bank', { sizes: '10,000 mAh|20,000 mAh|26,800 mAh', price: [24, 99], materials: 'an aluminum housing', features: 'Power Delivery fast charging|a built-in display that shows charge left', uses: 'charging a phone on long travel days|keeping a laptop powered away from outlets|emergency power during outages', notes: 'It is approved for carry-on luggage.' }),
      v('USB-C Wall Charger', { sizes: '30 W|65 W|100 W', price: [19, 79], materials: 'gallium nitride (GaN) circuitry', features: 'three ports to charge several devices at once|a compact foldable plug|overcharge and temperature protection', uses: 'charging a laptop, phone and tablet from one outlet|traveling light', notes: 'It charges a phone from empty to half in about thirty minutes.' }),
      v('Charging Cable', { sizes: '3 ft|6 ft|10 ft|2-Pack', price: [9, 29], materials: 'a braided nylon jacket', features: 'reinforced strain-relief ends|data transfer at USB 3 speeds', uses: 'replacing frayed cables|charging from across the room' }),
      v('Wireless Charging Station', { sizes: '2-in-1|3-in-1', price: [29, 129], materials: 'a soft-touch aluminum base', features: 'magnetic alignment|simultaneous phone, watch and earbud charging', uses: 'tidying up a nightstand full of cables|charging everything overnight' }),
    ]),
    t('Smart Home', 'SMH', {
      lines: 'Home Sense|Glow|Guardian|Link|Eco',
      colors: 'White|Black',
      audiences: 'renters|homeowners|busy families|pet owners',
      care: 'Keep firmware updated through the app.|Wipe with a dry cloth.',
      notes: 'Setup takes about five minutes with a phone.|No hub is required.',
    }, [
      v('Smart Plug', { sizes: '1-Pack|2-Pack|4-Pack', price: [12, 39], materials: 'flame-retardant polycarbonate', features: 'voice control with popular assistants|energy monitoring in the app|schedules and away modes', uses: 'switching lamps on automatically at sunset|turning off forgotten appliances from anywhere' }),
      v('Video Doorbell', { price: [59, 199], materials: 'a weather-resistant housing', features: '1080p HD video with night vision|two-way talk|package detection', uses: 'checking who is at the door from anywhere|keeping an eye on deliveries', notes: 'Motion alerts arrive on your phone instantly.' }),
      v('Smart Bulb', { sizes: '2-Pack|4-Pack', price: [15, 59], materials: 'an energy-efficient LED', features: '16 million colors and tunable white|scenes and sunrise wake-up', uses: 'setting the mood for movie night|waking up gently with light' }),
      v('Indoor Security Camera', { price: [29, 129], materials: 'a compact magnetic housing', features: 'pan and tilt|two-way audio|local and cloud storage', uses: 'keeping an eye on pets while away|checking on the house when traveling' }),
      v('Smart Thermostat', { price: [99, 249], materials: 'a glass and metal faceplate', features: 'learning schedules|remote sensors for different rooms|energy reports', uses: 'cutting heating and cooling bills|warming the house before you get home' }),
    ]),
    t('Computer Accessories', 'KBD', {
      lines: 'Glide|Tactile|Ergo|Silent|Stream',
      colors: 'Black|White|Grey|Lavender',
      audiences: 'remote workers|gamers|writers|students',
      care: 'Clean with a slightly damp cloth.|Recharge when the indicator turns red.',
    }, [
      v('Mechanical Keyboard', { sizes: '75%|TKL|Full Size', price: [59, 179], materials: 'an aluminum top plate with PBT keycaps', features: 'hot-swappable switches|per-key backlighting|multi-device switching', uses: 'typing all day in a home office|gaming', notes: 'Each keystroke feels crisp and precise.' }),
      v('Ergonomic Keyboard', { price: [49, 149], materials: 'a soft-touch finish with a cushioned palm rest', features: 'a split, tented layout that eases wrist strain|quiet keys', uses: 'typing for long hours without wrist pain|writing and coding', notes: 'Long typing sessions feel easier on the hands.' }),
      v('Wireless Mouse', { price: [19, 99], materials: 'a sculpted soft-touch shell', features: 'quiet clicks|a precise 4000 DPI sensor|a 70-day battery', uses: 'working on a laptop at a desk|editing photos and spreadsheets' }),
      v('HD Webcam', { sizes: '1080p|4K', price: [39, 169], materials: 'a glass lens with a privacy shutter', features: 'auto light correction|dual noise-reducing microphones', uses: 'video calls and meetings|streaming and online classes', care: 'Wipe the lens with a microfiber cloth.|Close the privacy shutter when not in use.' }),
    ]),
    t('Wearables', 'FIT', {
      lines: 'Pace|Vital|Trail|Active|Core',
      colors: 'Black|Slate|Rose|Olive|White',
      audiences: 'runners|cyclists|people starting a fitness routine|outdoor adventurers',
      care: 'Rinse the band after sweaty workouts.|Charge weekly with the magnetic cable.',
      notes: 'Your data syncs to the phone app automatically.|It nudges you to move when you have been still too long.',
    }, [
      v('Fitness Tracker', { price: [39, 149], materials: 'a silicone sport band', features: 'sleep and heart rate tracking|a week of battery life|water resistance to 50 meters', uses: 'counting daily steps|monitoring sleep quality|tracking workouts' }),
      v('GPS Running Watch', { price: [149, 399], materials: 'a scratch-resistant lens and a fiber-reinforced case', features: 'built-in multi-band GPS|training load and recovery advice|breadcrumb navigation', uses: 'tracking runs, rides and swims|navigating trails with breadcrumb maps|training for a marathon' }),
      v('Smartwatch', { price: [129, 399], materials: 'a titanium or aluminum case', features: 'contactless payments|notifications and calls on the wrist|an always-on display', uses: 'staying connected without your phone|tracking health metrics through the day' }),
    ]),
  ],
};

const garden: CategoryVocab = {
  name: 'Garden',
  code: 'GRD',
  brands: l('Greenhaven|Fernwood|Rootstock|Sunplot|Cedar Ridge'),
  margin: [0.4, 0.58],
  share: 0.7,
  season: [0.45, 0.6, 1.15, 1.65, 1.8, 1.5, 1.2, 0.95, 0.85, 0.7, 0.5, 0.55],
  colors: l('Green|Orange|Black|Natural'),
  types: [
    t('Garden Hand Tools', 'HND', {
      lines: 'Bypass Pro|Ergo Grip|Heritage|Essential|Thornproof',
      colors: 'Green|Orange|Natural Ash|Black',
      audiences: 'weekend gardeners|allotment growers|people with limited grip strength|new homeowners',
      care: 'Wipe clean and dry after use.|Store in a dry shed.',
    }, [
      v('Pruning Shears', { price: [14, 69], materials: 'hardened carbon steel blades with aluminum handles', features: 'a locking safety catch|a sap groove that keeps blades clean|cushioned non-slip grips', uses: 'pruning roses and shrubs|deadheading flowers|cutting back perennials', notes: 'The blades cut cleanly without crushing stems.', care: 'Oil the pivot and sharpen at the start of each season.|Wipe sap off the blades after use.' }),
      v('Hand Trowel', { price: [9, 39], materials: 'polished stainless steel with an ash wood handle|rust-resistant cast aluminum', features: 'depth markings for planting bulbs|a hanging hole', uses: 'digging planting holes for bulbs and seedlings|repotting houseplants|scooping compost' }),
      v('Garden Tool Set', { sizes: '3-Piece|5-Piece|9-Piece', price: [24, 79], materials: 'stainless steel heads with ergonomic handles', features: 'a canvas tote with pockets|a trowel, cultivator and weeder', uses: 'planting, weeding and cultivating beds|starting a first vegetable garden', audiences: 'beginner gardeners|gift shoppers' }),
      v('Garden Gloves', { sizes: 'S|M|L|XL', price: [9, 34], materials: 'goatskin leather|breathable nitrile-coated knit', features: 'thorn-resistant palms|touchscreen fingertips', uses: 'pruning roses and brambles|pulling weeds|handling soil and compost', care: 'Hand wash and air dry.|Condition leather gloves occasionally.' }),
    ]),
    t('Watering', 'HOS', {
      lines: 'FlexiFlow|Kink-Free|Rain Dance|Copper Rose',
      colors: 'Green|Blue|Grey|Copper',
      audiences: 'lawn keepers|vegetable growers|balcony gardeners',
      care: 'Drain and store indoors before the first frost.|Keep out of direct sun when not in use.',
    }, [
      v('Garden Hose', { sizes: '25 ft|50 ft|75 ft|100 ft', price: [19, 99], materials: 'kink-resistant rubber|a lightweight latex core with a fabric cover', features: 'solid brass fittings|a nozzle with nine spray patterns|a design that shrinks back when empty', uses: 'watering vegetable beds and borders|washing the car and patio', notes: 'It coils neatly without kinks.' }),
      v('Watering Can', { sizes: '1 gal|1.5 gal|2 gal', price: [14, 59], materials: 'galvanized steel|recycled plastic', features: 'a long spout for reaching back borders|a removable brass rose for a gentle shower', uses: 'watering seedlings gently|watering houseplants and patio pots', notes: 'A gentle shower will not wash seeds out of the soil.' }),
      v('Lawn Sprinkler', { price: [14, 69], materials: 'metal with a weighted base', features: 'an oscillating arm that covers large lawns|adjustable range and width', uses: 'keeping the lawn green in dry spells|letting kids run through the spray on hot days' }),
      v('Hose Reel', { price: [39, 129], materials: 'powder-coated steel|UV-resistant resin', features: 'a crank that winds evenly|wheels for moving around the yard', uses: 'keeping the hose tidy and off the lawn|storing up to 150 ft of hose' }),
    ]),
    t('Planters & Raised Beds', 'PLT', {
      lines: 'Cedar Box|Oval|Patio|Urban Grow',
      colors: 'Natural Cedar|Galvanized|Charcoal|Terracotta|Olive',
      audiences: 'urban gardeners|people with poor or clay soil|beginners|gardeners with bad backs',
      care: 'Refresh the soil with compost each spring.|Empty small pots before hard frosts.',
    }, [
      v('Raised Garden Bed', { sizes: '2x4 ft|4x4 ft|4x8 ft', price: [59, 249], materials: 'rot-resistant western red cedar|galvanized steel', features: 'tool-free assembly|a deep bed for root vegetables|an open bottom for drainage', uses: 'starting a kitchen garden with better soil|growing vegetables where the ground is poor', notes: 'Raised soil warms up earlier in spring for a longer season.|Bending down is easier at this height.' }),
      v('Self-Watering Planter', { sizes: '12 in|16 in|24 in', price: [24, 99], materials: 'frost-proof fiberstone|UV-stable recycled plastic', features: 'a built-in water reservoir with a level indicator|a drainage plug', uses: 'growing tomatoes on a balcony|keeping herbs alive through hot weeks', notes: 'Plants drink from the reservoir for up to two weeks.' }),
      v('Grow Bag Set', { sizes: '3-Pack|5-Pack|10-Pack', price: [14, 39], materials: 'breathable felt fabric', features: 'sturdy handles|air-pruning walls that keep roots healthy', uses: 'growing potatoes on a patio|growing vegetables in small spaces' }),
    ]),
    t('Seeds & Bulbs', 'SED', {
      lines: 'Heirloom|Organic|Pollinator|Kitchen Garden|Spring Bloom',
      colors: 'Mixed',
      price: [3, 39],
      audiences: 'beginner gardeners|families|pollinator-friendly gardeners',
      care: 'Store unopened packets somewhere cool and dry.|Follow the sowing dates on the packet.',
      season: [0.5, 1.2, 2.2, 2.0, 1.3, 0.6, 0.4, 0.4, 0.8, 1.1, 0.7, 0.4],
    }, [
      v('Vegetable Seed Collection', { sizes: '6 Packets|12 Packets', materials: 'non-GMO open-pollinated seed|certified organic seed', features: 'printed sowing and spacing guides|varieties chosen for containers', uses: 'growing your own salad greens and tomatoes|teaching kids to garden', notes: 'Seedlings usually appear within 7 to 14 days.' }),
      v('Herb Seed Kit', { sizes: '4 Herbs|6 Herbs', materials: 'organic seed with compostable pots and soil discs', features: 'everything needed to start on a windowsill', uses: 'growing basil, parsley and chives indoors|starting a kitchen windowsill garden' }),
      v('Tulip Bulbs', { sizes: '25 Bulbs|50 Bulbs', materials: 'top-size bulbs', features: 'a mix of early and late bloomers', uses: 'planting spring color in autumn|filling borders and pots with flowers', care: 'Plant bulbs pointy end up, about three times their depth.|Store in a cool, dry, ventilated place until planting.' }),
      v('Wildflower Seed Mix', { sizes: '1 oz|4 oz|1 lb', materials: 'native wildflower seed', features: 'a blend of annuals and perennials', uses: 'attracting bees and butterflies|turning lawn into meadow' }),
    ]),
    t('Grills & Outdoor Cooking', 'GRL', {
      lines: 'Kettle|Patio Pro|Ember|Backyard|Pitmaster',
      colors: 'Black|Stainless|Red|Green',
      audiences: 'barbecue fans|families who eat outside all summer|weekend hosts',
      care: 'Brush the grates while warm.|Cover when not in use to protect from weather.',
      season: SUMMER,
    }, [
      v('Charcoal Grill', { sizes: '18 in|22 in|26 in', price: [59, 299], materials: 'porcelain-enameled steel with a cast iron grate', features: 'a built-in lid thermometer|an ash catcher for easy cleanup|adjustable vents', uses: 'grilling burgers and steaks in the backyard|cooking for summer cookouts', notes: 'There is space for a dozen burgers at once.' }),
      v('Gas Grill', { sizes: '2-Burner|3-Burner|4-Burner', price: [199, 699], materials: '304 stainless steel burners and cast iron grates', features: 'push-button ignition|side shelves with tool hooks|a side burner for sauces', uses: 'weeknight grilling with no charcoal to light|cooking for summer cookouts', notes: 'It reaches searing temperatures in about ten minutes.' }),
      v('Pellet Smoker', { price: [349, 799], materials: 'powder-coated steel', features: 'digital temperature control|a meat probe|a large hopper', uses: 'smoking brisket and ribs low and slow|wood-fired flavor with little effort' }),
      v('Outdoor Pizza Oven', { price: [249, 599], materials: 'insulated steel with a cordierite stone', features: 'temperatures up to 900°F|a fold-down design', uses: 'baking Neapolitan pizza at home in 60 seconds|roasting vegetables and flatbreads' }),
      v('Grill Tool Set', { sizes: '3-Piece|5-Piece', price: [24, 69], materials: 'stainless steel with heat-resistant handles', features: 'a carrying case|extra-long handles', uses: 'flipping burgers and turning sausages|keeping hands away from the heat' }),
    ]),
    t('Patio Furniture', 'PAT', {
      lines: 'Lakeside|Bistro|Teak Haven|Breeze',
      colors: 'Natural Teak|White|Charcoal|Navy|Sage',
      audiences: 'homeowners with a yard|apartment balconies|hosts',
      care: 'Store cushions indoors during heavy rain.|Cover in winter.',
      season: SUMMER,
      count: 12,
    }, [
      v('Adirondack Chair', { price: [129, 349], materials: 'recycled HDPE lumber|solid teak', features: 'fade-resistant color|a wide armrest for drinks', uses: 'relaxing on the deck|sitting around the fire pit', notes: 'It will not rot, splinter or need painting.' }),
      v('Patio Dining Set', { sizes: '3-Piece|5-Piece|7-Piece', price: [249, 799], materials: 'powder-coated aluminum|all-weather wicker', features: 'weather-resistant cushions|an umbrella hole', uses: 'eating dinner outdoors|hosting summer barbecues' }),
      v('Hammock', { price: [49, 199], materials: 'quick-dry parachute nylon|woven cotton rope', features: 'tree straps included|a stuff sack', uses: 'reading in the garden|napping at the campsite', care: 'Bring it indoors when not in use.|Machine wash cold and line dry.' }),
    ]),
  ],
};

const tools: CategoryVocab = {
  name: 'Tools & Hardware',
  code: 'TLS',
  brands: l('Ironclad|Boltworks|Torque & Grain|Anvil Point|Keystone'),
  margin: [0.32, 0.48],
  share: 0.8,
  season: [0.85, 0.85, 1.05, 1.2, 1.25, 1.2, 1.05, 1.0, 1.0, 0.95, 1.05, 1.3],
  colors: l('Yellow/Black|Red|Teal|Orange'),
  types: [
    t('Power Drills & Drivers', 'DRL', {
      lines: '20V Max|Brushless Pro|Compact|Heavy Duty',
      sizes: '12V|18V|20V|Kit with 2 Batteries',
      materials: 'a glass-filled nylon housing over a metal gearbox|an impact-resistant housing with a rubber overmold',
      audiences: 'DIYers|new homeowners|contractors|renters hanging pictures and curtains',
      care: 'Store batteries indoors at room temperature.|Blow dust out of the vents after heavy use.',
      notes: 'It is light enough for overhead work.|A bright LED lights up the work area.',
      count: 18,
    }, [
      v('Cordless Drill', { price: [59, 199], features: 'a set of wood, metal and masonry bits for drilling holes in any wall|a keyless ratcheting chuck|21 clutch settings|a lithium-ion battery with a fuel gauge', uses: 'making holes in walls to hang shelves, curtain rods and TVs|drilling holes in wood, metal and drywall|driving screws into wood and drywall|assembling flat-pack furniture', notes: 'It makes clean holes in drywall, wood and metal in seconds.|Drill a hole in the wall, switch to a screwdriver bit and the shelf is up in minutes.' }),
      v('Hammer Drill', { price: [99, 299], features: 'a hammer mode for masonry|a side handle for control|a high-torque brushless motor', uses: 'drilling into brick and concrete with masonry bits|mounting brackets on exterior walls|heavy renovation work' }),
      v('Impact Driver', { price: [79, 229], features: 'high impact torque|a quick-change hex chuck|three speed modes', uses: 'driving long deck screws and lag bolts|building fences and decks' }),
    ]),
    t('Hand Tools', 'HTS', {
      lines: 'Essentials|Pro Grip|Ratcheting|Fiberglass|Precision',
      colors: 'Black/Red|Chrome|Yellow|Blue',
      audiences: 'first apartments|DIYers|students|car owners',
      care: 'Wipe clean and store dry to prevent rust.|Keep everything in its case.',
    }, [
      v('Claw Hammer', { sizes: '16 oz|20 oz', price: [14, 49], materials: 'forged steel with a fiberglass handle', features: 'anti-vibration grips|a magnetic nail starter', uses: 'hanging pictures and mirrors|pulling old nails|framing and carpentry' }),
      v('Screwdriver Set', { sizes: '6-Piece|12-Piece|32-Piece', price: [12, 49], materials: 'chrome vanadium steel with magnetic hardened tips', features: 'cushioned grips|Phillips, flat and Torx bits', uses: 'everyday repairs around the house|assembling furniture|tightening cabinet hinges' }),
      v('Socket Set', { sizes: '40-Piece|108-Piece|150-Piece', price: [29, 149], materials: 'chrome vanadium steel', features: 'a 72-tooth ratchet|a blow-molded carry case|laser-etched size markings', uses: 'fixing bikes and lawn mowers|working on cars', audiences: 'car owners|garage tinkerers' }),
      v('Home Tool Kit', { sizes: '65-Piece|130-Piece', price: [29, 99], materials: 'heat-treated steel tools in a zippered case', features: 'a hammer, tape measure, pliers and bits|a level and utility knife', uses: 'everyday repairs in a first apartment|hanging curtains and shelves', notes: 'It covers most repairs a household will ever need.' }),
    ]),
    t('Measuring & Layout', 'MSR', {
      lines: 'True Line|Cross-Line|Magnetic|Smart Scan',
      colors: 'Yellow|Black|Orange|Green',
      audiences: 'DIYers|renovators|carpenters',
      care: 'Keep dry and clean.|Replace batteries when the display dims.',
    }, [
      v('Tape Measure', { sizes: '16 ft|25 ft|35 ft', price: [9, 34], materials: 'a rubber-armored case and a nylon-coated blade', features: 'a magnetic hook|an inch and metric scale|a blade standout of 11 feet', uses: 'measuring rooms for flooring|cutting lumber to length' }),
      v('Laser Level', { price: [39, 149], materials: 'an impact-resistant housing', features: 'self-leveling green cross lines|a magnetic mount', uses: 'hanging shelves and frames level|tiling and cabinet installs', notes: 'Picture frames end up perfectly straight the first time.' }),
      v('Stud Finder', { price: [19, 59], materials: 'a slim ergonomic housing', features: 'edge detection for studs and live wires|a bright display', uses: 'finding studs before drilling|avoiding pipes and wires in walls' }),
      v('Spirit Level', { sizes: '9 in|24 in|48 in', price: [12, 49], materials: 'a milled aluminum frame', features: 'shock-proof vials|a magnetic edge', uses: 'leveling shelves and appliances|building decks and fences' }),
    ]),
    t('Fasteners & Anchors', 'FST', {
      lines: 'Drywall|Assorted|Pro Pack|Damage-Free',
      sizes: '50-Piece|100-Piece|250-Piece|500-Piece',
      colors: 'Zinc|Black Oxide|Brass',
      price: [4, 39],
      materials: 'zinc-plated steel|nylon|hardened steel',
      features: 'a labeled organizer case|anchors rated by weight|self-drilling tips',
      uses: 'hanging heavy mirrors on drywall|mounting shelves securely|fixing loose hinges',
      audiences: 'DIYers|renters|handymen',
      care: 'Keep the case closed to avoid mix-ups.|Match the anchor to the wall type and load.',
      notes: 'Nothing wobbles or pulls out of the wall.|The right size is always in the box.',
    }, [v('Wall Anchor Kit'), v('Wood Screw Assortment'), v('Picture Hanging Kit'), v('Toggle Bolts')]),
    t('Ladders & Step Stools', 'LDR', {
      lines: 'Lightweight|Pro Platform|Folding|Telescoping',
      colors: 'Silver|Orange|Grey',
      materials: 'lightweight aluminum|non-conductive fiberglass|steel with a powder coat',
      features: 'wide slip-resistant steps|a tool tray|a locking hinge|a 300 lb load rating',
      audiences: 'homeowners|painters|anyone with tall ceilings',
      care: 'Inspect locks and feet before each use.|Store folded and upright.',
      count: 12,
    }, [
      v('Step Stool', { sizes: '2-Step|3-Step', price: [29, 79], uses: 'reaching high kitchen cabinets|changing light bulbs', notes: 'It folds slim enough to hang in a closet.' }),
      v('Step Ladder', { sizes: '4 ft|6 ft|8 ft', price: [69, 199], uses: 'painting ceilings|hanging holiday lights', notes: 'The platform top lets you stand comfortably.' }),
      v('Extension Ladder', { sizes: '16 ft|20 ft|24 ft', price: [149, 349], uses: 'cleaning gutters|reaching the roof|painting the outside of the house' }),
    ]),
    t('Tool Storage & Safety', 'STO', {
      lines: 'Job Site|Modular|Pro Organizer|Impact Rated',
      colors: 'Black|Red|Yellow|Grey',
      audiences: 'tradespeople|DIYers|garage tinkerers',
      care: 'Wipe down and keep dry.|Inspect before each use.',
    }, [
      v('Tool Box', { sizes: '16 in|22 in|26 in', price: [19, 79], materials: 'heavy-duty polypropylene', features: 'removable organizer trays|stackable modules|metal latches', uses: 'keeping tools organized in the garage|carrying tools to job sites', notes: 'Everything is easy to find at a glance.' }),
      v('Rolling Tool Chest', { price: [149, 299], materials: 'steel with ball-bearing drawers', features: 'locking casters|a lockable lid|drawer liners', uses: 'organizing a garage workshop|storing sockets, wrenches and power tools' }),
      v('Work Gloves', { sizes: 'M|L|XL', price: [9, 29], materials: 'synthetic leather with knit cuffs', features: 'cut-resistant palms|touchscreen fingertips', uses: 'protecting hands during demolition and yard work|handling lumber' }),
      v('Safety Glasses', { sizes: '1-Pack|3-Pack', price: [9, 24], materials: 'impact-rated polycarbonate lenses', features: 'anti-fog coating|wraparound side protection', uses: 'protecting eyes while drilling and cutting|mowing and trimming' }),
    ]),
  ],
};

const sports: CategoryVocab = {
  name: 'Sports & Fitness',
  code: 'SPT',
  brands: l('Kinetic|Corewell|Flowstate|Ironpeak|Rallyline'),
  margin: [0.42, 0.6],
  share: 0.9,
  season: [1.55, 1.25, 1.05, 1.0, 1.05, 1.05, 1.0, 0.95, 0.9, 0.85, 0.9, 1.1],
  colors: l('Black|Blue|Red|Teal'),
  types: [
    t('Yoga', 'YGA', {
      lines: 'Grip Pro|Cloud Cushion|Eco|Align|Balance',
      colors: 'Lavender|Sage|Ocean|Charcoal|Blush|Sunrise',
      audiences: 'beginners building a home practice|experienced yogis|physical therapy patients|travelers who train on the road',
      care: 'Wipe down after each session with mild soap and water.|Store out of direct sunlight.',
      count: 18,
    }, [
      v('Yoga Mat', { sizes: '4 mm|6 mm|8 mm', price: [24, 129], materials: 'natural tree rubber|non-toxic TPE foam|natural cork over rubber', features: 'extra cushioning that protects knees and wrists|a non-slip textured surface that grips even when sweaty|alignment lines printed on top|a carrying strap', uses: 'yoga and pilates at home or in the studio|stretching exercises and floor work on a cushioned surface|core workouts and stretching|hot yoga classes', notes: 'It stays flat without curling at the edges.|Hands and feet stay planted in downward dog.|It is thick enough for a hard floor but stable for balancing poses.' }),
      v('Travel Yoga Mat', { sizes: '1.5 mm|2 mm', price: [29, 79], materials: 'natural tree rubber|microfiber suede over rubber', features: 'a lightweight, foldable design for travel|a grippy surface that works on hotel carpet', uses: 'yoga in hotel rooms|layering over studio mats|stretching on the road' }),
      v('Yoga Block Set', { sizes: '2-Pack|3-Piece Kit', price: [12, 39], materials: 'recycled EVA foam|natural cork', features: 'beveled edges for a comfortable grip|a cotton strap included', uses: 'supporting balance in standing poses|deepening stretches safely' }),
      v('Meditation Cushion', { price: [29, 69], materials: 'buckwheat hull fill in an organic cotton cover', features: 'a carry handle|a removable washable cover', uses: 'meditation and breathing practice|sitting comfortably on the floor' }),
    ]),
    t('Strength Training', 'DMB', {
      lines: 'Home Gym|Rubber Hex|Competition|Quick-Select',
      colors: 'Black|Grey|Blue|Red',
      audiences: 'home gym owners|beginners starting strength training|CrossFit athletes',
      care: 'Wipe the handles after each session.|Store on a rack, off damp floors.',
    }, [
      v('Hex Dumbbell Pair', { sizes: '5 lb|10 lb|15 lb|25 lb|35 lb', price: [15, 129], materials: 'cast iron with a rubber coating', features: 'a knurled chrome handle|a hexagonal shape that will not roll', uses: 'strength training at home|building muscle with progressive overload', notes: 'The coating protects your floors.' }),
      v('Adjustable Dumbbell', { sizes: '5-25 lb|5-52.5 lb', price: [149, 399], materials: 'steel plates in a molded tray', features: 'a quick-change weight selector|a compact footprint', uses: 'strength training in a small apartment|full-body workouts at home', notes: 'One set replaces a whole rack of weights.' }),
      v('Kettlebell', { sizes: '12 lb|18 lb|26 lb|35 lb', price: [24, 89], materials: 'solid cast iron|urethane-coated steel', features: 'a wide, smooth handle|a flat base for stable storage', uses: 'kettlebell swings and circuits|building grip and hip strength' }),
    ]),
    t('Recovery & Bands', 'BND', {
      lines: 'Flex|Deep Tissue|Mobility|Recovery Pro',
      colors: 'Multicolor|Black|Blue|Mint',
      audiences: 'runners|physical therapy patients|travelers|desk workers with tight backs',
      care: 'Wipe clean after use.|Keep out of direct sunlight.',
    }, [
      v('Resistance Band Set', { sizes: '5-Pack|11-Piece', price: [12, 49], materials: 'natural latex|fabric-covered elastic', features: 'five graded resistance levels|a door anchor and handles', uses: 'full-body workouts while traveling|mobility and warm-up routines|rehab after injuries', notes: 'It packs into a suitcase with room to spare.' }),
      v('Foam Roller', { sizes: '12 in|18 in|36 in', price: [14, 49], materials: 'high-density EVA foam', features: 'a textured grid surface|a hollow core that keeps its shape', uses: 'loosening tight muscles after runs|easing back tension after a day at a desk' }),
      v('Massage Gun', { price: [59, 199], materials: 'an aluminum body', features: 'a quiet brushless motor with four heads|five speeds|a carrying case', uses: 'relieving sore muscles after workouts|warming up before training', notes: 'Sore calves feel looser after a few minutes.' }),
    ]),
    t('Cycling', 'CYC', {
      lines: 'Commuter|Aero|Pro|Night Rider',
      colors: 'Matte Black|White|Hi-Vis Yellow|Red|Blue',
      audiences: 'bike commuters|road cyclists|students',
      care: 'Wipe clean after wet rides.|Store indoors.',
    }, [
      v('Bike Helmet', { sizes: 'S|M|L', price: [39, 159], materials: 'in-mold EPS foam with a polycarbonate shell', features: 'MIPS rotational impact protection|a dial-fit adjuster|reflective details for visibility', uses: 'commuting by bike in traffic|weekend road rides|kids learning to ride', notes: 'It is certified to US CPSC safety standards.', care: 'Replace the helmet after any crash.|Clean with mild soap.' }),
      v('Bike Light Set', { price: [19, 79], materials: 'an aluminum housing', features: 'USB rechargeable front and rear lights|a daytime flash mode', uses: 'riding safely after dark|being seen on winter commutes', notes: 'Drivers can see you from hundreds of yards away.' }),
      v('Bike Lock', { price: [24, 99], materials: 'hardened steel', features: 'a weatherproof key cylinder|a frame mount', uses: 'locking up a bike in the city|securing bikes at home' }),
      v('Floor Pump', { price: [29, 69], materials: 'a steel barrel', features: 'a gauge that reads up to 160 psi|a head that fits Presta and Schrader valves', uses: 'keeping tires at the right pressure|inflating balls and pool toys' }),
    ]),
    t('Team Sports & Rackets', 'BAL', {
      lines: 'Match|Training|Street|Pro Tour',
      colors: 'White/Blue|Orange|Yellow|Black/Red',
      audiences: 'youth teams|weekend players|coaches|families',
      care: 'Store indoors.|Wipe clean after use.',
    }, [
      v('Soccer Ball', { sizes: 'Size 3|Size 4|Size 5', price: [14, 59], materials: 'composite leather with a butyl bladder', features: 'machine-stitched panels|a textured surface for touch', uses: 'backyard games with the kids|league play and practice', notes: 'It holds air for weeks.' }),
      v('Basketball', { sizes: 'Size 5|Size 6|Size 7', price: [19, 69], materials: 'composite leather|durable rubber', features: 'deep channels for grip', uses: 'pickup games at the park|driveway shooting practice', notes: 'It bounces true on asphalt and hardwood.' }),
      v('Pickleball Paddle Set', { sizes: '2 Paddles|4 Paddles', price: [39, 149], materials: 'a graphite face with a polymer honeycomb core', features: 'a cushioned grip|balls and a carry bag included', uses: 'learning pickleball with friends|playing doubles at the community center' }),
      v('Tennis Racket', { price: [49, 199], materials: 'graphite composite', features: 'a larger sweet spot|a vibration-dampening grip', uses: 'weekend tennis matches|lessons and practice' }),
    ]),
    t('Cardio Equipment', 'CRD', {
      lines: 'Speed|Weighted|Core|Agility',
      colors: 'Black|Red|Blue|Teal',
      audiences: 'boxers|busy people short on time|HIIT fans',
      care: 'Wipe down after use.|Store somewhere dry.',
      count: 12,
    }, [
      v('Jump Rope', { sizes: '9 ft|10 ft|Adjustable', price: [9, 34], materials: 'steel cable with PVC coating and aluminum handles', features: 'ball-bearing handles for fast spins|a tangle-free cable', uses: 'quick cardio workouts at home|boxing conditioning', notes: 'Ten minutes gets your heart rate up fast.' }),
      v('Ab Roller', { price: [14, 39], materials: 'a steel axle and non-slip wheels', features: 'a knee pad|foam handles', uses: 'core strengthening|home workouts in small spaces' }),
      v('Weighted Vest', { sizes: '10 lb|20 lb|30 lb', price: [49, 119], materials: 'durable nylon with sand-filled pockets', features: 'adjustable straps|a secure, bounce-free fit', uses: 'adding resistance to walks and runs|HIIT circuits' }),
    ]),
  ],
};

const kids: CategoryVocab = {
  name: 'Kids & Baby',
  code: 'KID',
  brands: l('Little Otter|Puddleduck|Acorn & Pip|Tumbletot|Bramble Kids'),
  margin: [0.45, 0.6],
  share: 0.8,
  season: [0.9, 0.85, 0.95, 1.0, 1.0, 0.95, 1.0, 1.3, 1.15, 1.0, 1.1, 1.45],
  colors: l('Yellow|Red|Navy|Mint|Pink'),
  types: [
    t("Kids' Rainwear", 'RAN', {
      lines: 'Puddle Jumper|Splash|Drizzle Duck|Rainy Day',
      sizes: '12-18M|2T|3T|4T|5-6Y|7-8Y',
      colors: 'Yellow|Red|Navy Dots|Dino Green|Pink Rainbow|Orange',
      price: [19, 69],
      materials: 'waterproof PU-coated polyester with a soft cotton lining|recycled waterproof shell fabric',
      features: 'a snap-on hood with a peak that keeps rain off little faces|taped waterproof seams|reflective trim for gloomy school runs|easy snaps little hands can manage|a fleece lining for cold, wet days',
      uses: 'keeping toddlers dry in the rain|puddle jumping and muddy playgrounds|walking to school in wet weather|daycare and preschool outdoor play',
      audiences: 'toddlers and preschoolers|parents of outdoorsy kids|daycare families',
      care: 'Wipe mud off with a damp cloth or machine wash cold.|Hang to dry away from heat.',
      notes: 'Your toddler stays dry underneath after an afternoon of splashing.|There is room to layer a sweater underneath.',
      season: RAIN_SEASON,
    }, [v("Kids' Raincoat"), v('Toddler Rain Suit', { features: 'a one-piece design that keeps mud off clothes|elastic foot stirrups that hold it over boots|taped waterproof seams' }), v("Kids' Rain Jacket"), v("Kids' Rain Boots", { sizes: 'Toddler 5|Toddler 7|Toddler 9|Kids 11|Kids 13', materials: 'natural rubber with a soft cotton lining', features: 'easy-pull handles little hands can manage|a slip-resistant sole|a fully waterproof shell', notes: 'Feet stay dry even in the deepest puddles.' })]),
    t('Strollers & Carriers', 'CAR', {
      lines: 'Snuggle|Ergo Hold|City Fold|Trail',
      colors: 'Heather Grey|Navy|Oat|Black|Sage',
      audiences: 'new parents|grandparents|running parents',
      care: 'Spot clean the fabric.|Check buckles and locks regularly.',
    }, [
      v('Baby Carrier', { sizes: 'Newborn|0-36M', price: [49, 199], materials: 'breathable organic cotton|3D cooling mesh', features: 'an ergonomic seat that supports healthy hips|padded shoulder straps and lumbar support|front and back carry positions', uses: 'keeping a newborn close while your hands are free|soothing a fussy baby|walks and errands', notes: 'Babies often fall asleep in it within minutes.' }),
      v('Baby Wrap', { sizes: 'One Size', price: [39, 79], materials: 'stretchy cotton jersey', features: 'one long piece that ties snugly', uses: 'skin-to-skin contact with a newborn|hands-free cuddles at home' }),
      v('Lightweight Stroller', { sizes: 'Up to 50 lb', price: [129, 399], materials: 'an aluminum frame with a water-resistant canopy', features: 'a one-hand fold|a UPF 50 sun canopy|a large storage basket', uses: 'strolling around town|travel and airports', notes: 'It folds small enough for a car trunk.' }),
      v('Jogging Stroller', { sizes: 'Up to 65 lb', price: [299, 499], materials: 'an aluminum frame', features: 'all-terrain air tires with suspension|a hand brake|a lockable front wheel', uses: 'jogging with a toddler|walks on gravel paths' }),
    ]),
    t('Toddler Toys', 'TOY', {
      lines: 'Montessori|Rainbow|Little Chef|Explore',
      sizes: '12M+|18M+|2Y+|3Y+',
      colors: 'Rainbow|Natural Wood|Pastel',
      price: [12, 149],
      materials: 'sustainably sourced beech wood with non-toxic water-based paint|BPA-free plastic',
      features: 'chunky pieces sized for small hands|rounded edges|bright colors that build recognition',
      uses: 'building fine motor skills|learning colors, shapes and counting|quiet play time',
      audiences: 'toddlers|preschool classrooms|gift-giving grandparents',
      care: 'Wipe clean with a damp cloth.|Do not soak wooden toys.',
      notes: 'It grows with your child from stacking to storytelling.|It meets ASTM toy safety standards.',
      season: HOLIDAY_GIFT,
    }, [v('Wooden Stacking Toy'), v('Building Blocks'), v('Shape Sorter'), v('Play Kitchen', { price: [79, 149], uses: 'imaginative pretend play|cooking alongside a grown-up', features: 'a working faucet and clicking knobs|storage shelves' })]),
    t("Kids' Backpacks & Lunch", 'KBP', {
      lines: 'School Days|Adventure|Bento|Critter',
      colors: 'Dinosaur|Unicorn|Space|Camo|Stripes',
      audiences: 'kindergarten and elementary kids|parents packing lunches',
      season: BACK_TO_SCHOOL,
    }, [
      v("Kids' Backpack", { sizes: 'Mini|Small|Large', price: [19, 59], materials: 'water-resistant recycled polyester', features: 'padded adjustable straps|a name tag|a chest strap', uses: 'carrying books to school|field trips', care: 'Hand wash and air dry.|Empty out crumbs weekly.', notes: 'It fits a folder without bending it.' }),
      v('Bento Lunch Box', { price: [14, 39], materials: 'food-safe, BPA-free plastic|stainless steel', features: 'leak-proof compartments|a latch kids can open by themselves', uses: 'packing healthy lunches|portioning snacks', care: 'Dishwasher safe on the top rack.|Remove the seal to dry.' }),
      v('Insulated Lunch Bag', { price: [12, 29], materials: 'recycled polyester with an insulated foil lining', features: 'a wipe-clean lining|an ice pack pocket', uses: 'keeping snacks cool on field trips|packing lunch for school', care: 'Wipe the lining clean.|Air dry open.' }),
    ]),
    t('Baby Bedding & Swaddles', 'SWD', {
      lines: 'Cloud Muslin|Dream|Bamboo Soft|Organic',
      sizes: 'Newborn|0-6M|6-18M|Set of 3',
      colors: 'White|Sage|Stars|Blush|Oat',
      price: [14, 69],
      materials: 'breathable cotton muslin|soft bamboo viscose|GOTS-certified organic cotton',
      features: 'breathable layers that help prevent overheating|a two-way zipper for easy diaper changes',
      uses: 'helping newborns sleep soundly|safe sleep in the crib',
      audiences: 'new parents|baby shower guests',
      care: 'Machine wash warm; it gets softer with each wash.|Tumble dry low.',
      notes: 'It keeps baby snug without overheating.|Parents appreciate the easy zip during night feeds.',
    }, [v('Swaddle Blanket'), v('Sleep Sack'), v('Crib Sheet', { features: 'elastic all around for a snug crib fit|breathable fabric', uses: 'safe sleep in the crib|quick middle-of-the-night changes' }), v('Muslin Blanket Set', { uses: 'swaddling newborns|doubling as a nursing cover or stroller shade' })]),
    t('Feeding', 'FED', {
      lines: 'First Sips|Mealtime|Snack Time|Grow',
      colors: 'Mint|Coral|Grey|Sky',
      audiences: 'toddlers|parents of babies starting solids',
      care: 'Dishwasher safe on the top rack.|Sterilize before first use.',
    }, [
      v('Sippy Cup', { sizes: '6 oz|9 oz|2-Pack', price: [8, 24], materials: 'BPA-free polypropylene with a silicone spout|stainless steel', features: 'a spill-proof valve|easy-grip handles', uses: 'moving from bottles to cups|drinks on the go', notes: 'Little hands hold it easily.' }),
      v('Suction Plate', { sizes: '1-Pack|2-Pack', price: [12, 29], materials: 'food-grade silicone', features: 'a strong suction base that stays put on trays|divided sections', uses: 'baby-led weaning|less mess at mealtime', notes: 'Less food ends up on the floor.' }),
      v('Silicone Bib Set', { sizes: '2-Pack|3-Pack', price: [9, 24], materials: 'food-grade silicone', features: 'a wide pocket that catches crumbs|an adjustable neck', uses: 'messy mealtimes|feeding purees' }),
      v('High Chair', { price: [79, 179], materials: 'beech wood|easy-clean plastic', features: 'an adjustable footrest|a removable tray', uses: 'joining family meals at the table|feeding babies starting solids' }),
    ]),
  ],
};

const beauty: CategoryVocab = {
  name: 'Beauty & Personal Care',
  code: 'BTY',
  brands: l('Lumiere|Seabright|Bare Botanics|Velvet & Vine|Purely North'),
  margin: [0.55, 0.72],
  share: 0.9,
  season: [0.95, 1.25, 0.95, 0.95, 1.15, 0.95, 0.9, 0.9, 0.9, 0.95, 1.15, 1.5],
  colors: l('Unscented|Lavender|Citrus|Rose'),
  types: [
    t('Skincare', 'MOI', {
      lines: 'Hydra Boost|Barrier Repair|Glow|Calm Skin|Renew',
      colorLabel: 'scent',
      sizes: '1 oz|1.7 oz|2.5 oz',
      colors: 'Fragrance-Free|Unscented',
      price: [12, 89],
      audiences: 'people with sensitive skin|people with dry or combination skin|skincare beginners',
      care: 'Store below 77°F away from sunlight.|Patch test before first use.',
    }, [
      v('Daily Moisturizer', { materials: 'a lightweight gel-cream with ceramides and niacinamide', features: 'a non-greasy finish|dermatologist-tested formulas', uses: 'hydrating dry skin|prepping skin before makeup', notes: 'It layers well under sunscreen.' }),
      v('Night Cream', { materials: 'a rich cream with plant-derived squalane and peptides', features: 'a recyclable glass jar', uses: 'restoring moisture overnight|softening fine lines' }),
      v('Vitamin C Serum', { materials: '15% vitamin C with ferulic acid', features: 'an airless pump that keeps it fresh', uses: 'brightening dull skin|fading dark spots', notes: 'Skin looks brighter within a few weeks.' }),
      v('Hyaluronic Serum', { materials: 'multi-weight hyaluronic acid and panthenol', features: 'a fragrance-free formula', uses: 'plumping dehydrated skin|soothing redness', notes: 'Skin feels soft and plump within a few days.' }),
    ]),
    t('Sun Care', 'SUN', {
      lines: 'Sport|Daily Sheer|Kids Mineral|Reef Friendly',
      colorLabel: 'scent',
      sizes: '1.7 oz|3 oz|6 oz',
      colors: 'Unscented|Coconut|Citrus',
      price: [6, 34],
      materials: 'zinc oxide mineral filters|a lightweight chemical-filter fluid',
      features: 'broad-spectrum UVA/UVB protection|80 minutes of water resistance|no white cast',
      uses: 'protecting skin at the beach|daily wear under makeup|sweaty outdoor sports|protecting kids at the pool',
      audiences: 'families|athletes|people with sensitive skin',
      care: 'Reapply every two hours and after swimming.|Keep out of hot cars.',
      notes: 'It rubs in clear and does not sting the eyes.|It is free of oxybenzone and octinoxate.',
      season: SUMMER,
    }, [v('Sunscreen Lotion SPF 50'), v('Mineral Sunscreen SPF 30'), v('Sunscreen Stick SPF 50', { sizes: '0.5 oz|1 oz' }), v('SPF Lip Balm', { sizes: '0.15 oz|3-Pack', uses: 'protecting lips from sun and wind|skiing and hiking', price: [4, 12] })]),
    t('Hair Care', 'SHP', {
      lines: 'Volume|Curl Care|Repair|Scalp Balance|Color Safe',
      colorLabel: 'scent',
      sizes: '8 oz|12 oz|16 oz|33 oz',
      colors: 'Citrus|Unscented|Rosemary Mint|Coconut',
      price: [6, 39],
      materials: 'sulfate-free cleansers|argan and jojoba oils|biotin and plant keratin',
      features: 'a color-safe formula|a salon-style scent|a recycled bottle',
      uses: 'repairing damaged, colored hair|defining curls|calming an itchy scalp|adding volume to fine hair',
      audiences: 'people with curly hair|people with fine, flat hair|anyone with color-treated hair',
      care: 'Store away from direct sunlight.|Close the cap after use.',
      notes: 'Hair feels soft without feeling weighed down.|A little goes a long way.',
      count: 18,
    }, [v('Shampoo'), v('Conditioner'), v('Hair Mask'), v('Shampoo Bar', { sizes: '2.5 oz|4 oz', features: 'plastic-free packaging|a concentrated bar that lasts 80 washes', care: 'Keep the bar dry between uses.|Store on a draining dish.', audiences: 'travelers|low-waste households' })]),
    t('Hair Tools', 'HTL', {
      lines: 'Ionic Pro|Silk Glide|Travel|Salon',
      colors: 'Black|Rose Gold|White|Lilac',
      price: [24, 249],
      audiences: 'anyone short on time in the morning|travelers|curl lovers',
      care: 'Let it cool before storing.|Unplug after use.',
    }, [
      v('Hair Dryer', { sizes: '1875 W|Travel Size', materials: 'a lightweight body with a ceramic heater', features: 'ionic technology that reduces frizz|three heat settings and a cool shot|a concentrator and diffuser', uses: 'fast blow-drying|drying curly hair with less frizz', notes: 'Hair dries in half the time.', care: 'Clean the filter monthly.|Let it cool before storing.' }),
      v('Flat Iron', { sizes: '1 in|1.5 in', materials: 'ceramic tourmaline plates', features: 'adjustable heat up to 450°F|auto shut-off|dual voltage for travel', uses: 'smoothing frizzy hair|creating sleek straight styles' }),
      v('Curling Wand', { sizes: '1 in|1.25 in', materials: 'a titanium barrel', features: 'a cool tip|a heat-resistant glove included', uses: 'creating loose waves|defining curls for events' }),
    ]),
    t('Shaving & Grooming', 'SHV', {
      lines: 'Classic|Precision|Smooth|Barber',
      colors: 'Chrome|Black|Brushed Gold|Gunmetal',
      audiences: 'people with sensitive skin|beard growers|gift shoppers',
      care: 'Rinse after use.|Store somewhere dry.',
    }, [
      v('Safety Razor', { price: [19, 59], materials: 'chrome-plated brass', features: 'a weighted handle|five replacement blades', uses: 'a close, comfortable shave|reducing plastic waste from disposables' }),
      v('Beard Trimmer', { price: [29, 129], materials: 'self-sharpening stainless steel blades', features: 'adjustable length guards|a cordless, waterproof body', uses: 'shaping and maintaining a beard|trimming stubble to an even length', notes: 'It cuts cleanly without tugging.' }),
      v('Electric Shaver', { price: [49, 179], materials: 'flexible foil heads', features: 'wet and dry use|a travel lock', uses: 'a quick shave before work|shaving in the shower' }),
      v('Shaving Cream', { sizes: '3 oz|6 oz', price: [8, 24], colors: 'Sandalwood|Unscented|Eucalyptus', colorLabel: 'scent', materials: 'natural oils and shea butter', features: 'a rich lather', uses: 'soothing razor burn|a smooth glide for sensitive skin', notes: 'Skin stays calm after shaving.' }),
    ]),
    t('Bath & Body', 'BTH', {
      lines: 'Lavender Calm|Eucalyptus Mint|Oat & Honey|Coconut Milk|Citrus Grove',
      colorLabel: 'scent',
      colors: 'Lavender|Eucalyptus|Unscented|Citrus',
      price: [5, 45],
      audiences: 'people with dry skin|gift-givers|anyone who loves a long bath',
      care: 'Store in a cool, dry place.|Keep the lid closed.',
      notes: 'The calming scent helps you unwind.|Skin feels soft long after the bath.',
    }, [
      v('Body Wash', { sizes: '8 oz|16 oz', materials: 'coconut-derived cleansers', features: 'a gentle pH-balanced formula|a recycled bottle', uses: 'everyday showers|washing after the gym' }),
      v('Bath Bombs', { sizes: 'Set of 4|Set of 6', materials: 'Epsom salts, shea butter and essential oils', features: 'a fizzing, skin-softening blend', uses: 'relaxing in the bath after a long day|a spa night at home', care: 'Keep away from moisture until use.|Store in the box.' }),
      v('Body Lotion', { sizes: '8 oz|16 oz', materials: 'colloidal oatmeal and shea butter', features: 'fast absorption|a non-greasy finish', uses: 'soothing dry, itchy skin|daily moisturizing after showers' }),
      v('Hand Cream', { sizes: '1 oz|3 oz|Set of 3', materials: 'shea butter and glycerin', features: 'a travel-size tube', uses: 'keeping hands soft in winter|repairing cracked knuckles' }),
    ]),
  ],
};

export const CATEGORIES: readonly CategoryVocab[] = [kitchen, footwear, outdoor, apparel, homeDecor, electronics, garden, tools, sports, kids, beauty];

// Customer names: a broad, mixed list so 24,000 customers look like a real US customer base.
export const FIRST_NAMES = l(
  'James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|Barbara|Richard|Susan|Joseph|Jessica|' +
    'Thomas|Sarah|Christopher|Karen|Charles|Lisa|Daniel|Nancy|Matthew|Betty|Anthony|Sandra|Mark|Margaret|Donald|Ashley|' +
    'Steven|Kimberly|Andrew|Emily|Paul|Donna|Joshua|Michelle|Kenneth|Carol|Kevin|Amanda|Brian|Melissa|Timothy|Deborah|' +
    'Ronald|Stephanie|George|Rebecca|Jason|Sharon|Edward|Laura|Jeffrey|Cynthia|Ryan|Dorothy|Jacob|Amy|Nicholas|Kathleen|' +
    'Gary|Angela|Eric|Shirley|Jonathan|Emma|Stephen|Brenda|Larry|Pamela|Justin|Nicole|Scott|Anna|Brandon|Samantha|' +
    'Benjamin|Katherine|Samuel|Christine|Gregory|Debra|Alexander|Rachel|Patrick|Carolyn|Frank|Janet|Raymond|Maria|Jack|Olivia|' +
    'Dennis|Heather|Jerry|Helen|Tyler|Catherine|Aaron|Diane|Jose|Julie|Adam|Victoria|Nathan|Joyce|Henry|Lauren|Zachary|Kelly|' +
    'Douglas|Christina|Peter|Ruth|Kyle|Joan|Noah|Virginia|Ethan|Judith|Jeremy|Evelyn|Christian|Hannah|Walter|Andrea|Keith|Megan|' +
    'Austin|Cheryl|Roger|Jacqueline|Terry|Madison|Sean|Teresa|Gerald|Abigail|Carl|Sophia|Dylan|Martha|Harold|Sara|Jordan|Gloria|' +
    'Jesse|Janice|Bryan|Kathryn|Lawrence|Ann|Arthur|Isabella|Gabriel|Judy|Bruce|Charlotte|Logan|Julia|Billy|Grace|Joe|Amber|' +
    'Alan|Alice|Juan|Jean|Elijah|Denise|Willie|Frances|Albert|Danielle|Wayne|Marilyn|Randy|Natalie|Mason|Aaliyah|Vincent|Diana|' +
    'Liam|Brittany|Roy|Theresa|Bobby|Kayla|Caleb|Alexis|Bradley|Doris|Russell|Lori|Lucas|Tiffany|Wei|Mei|Hiroshi|Yuki|Arjun|Priya|' +
    'Ananya|Rohan|Mateo|Sofia|Diego|Valentina|Santiago|Camila|Omar|Layla|Ahmed|Fatima|Kwame|Amara|Chidi|Ngozi|Minh|Linh|Jin|Seo-yeon|' +
    'Ivan|Anastasia|Lars|Ingrid|Mohammed|Zara|Tariq|Leila|Kai|Leilani|Marisol|Alejandro|Rafael|Ximena|Dmitri|Olga|Tomas|Aisha',
);

export const LAST_NAMES = l(
  'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|' +
    'Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|' +
    'Wright|Scott|Torres|Nguyen|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|Gomez|Phillips|' +
    'Evans|Turner|Diaz|Parker|Cruz|Edwards|Collins|Reyes|Stewart|Morris|Morales|Murphy|Cook|Rogers|Gutierrez|Ortiz|Morgan|Cooper|' +
    'Peterson|Bailey|Reed|Kelly|Howard|Ramos|Kim|Cox|Ward|Richardson|Watson|Brooks|Chavez|Wood|James|Bennett|Gray|Mendoza|Ruiz|' +
    'Hughes|Price|Alvarez|Castillo|Sanders|Patel|Myers|Long|Ross|Foster|Jimenez|Powell|Jenkins|Perry|Russell|Sullivan|Bell|' +
    'Coleman|Butler|Henderson|Barnes|Gonzales|Fisher|Vasquez|Simmons|Romero|Jordan|Patterson|Alexander|Hamilton|Graham|Reynolds|' +
    'Griffin|Wallace|Moreno|West|Cole|Hayes|Bryant|Herrera|Gibson|Ellis|Tran|Medina|Aguilar|Stevens|Murray|Ford|Castro|Marshall|' +
    'Owens|Harrison|Fernandez|McDonald|Woods|Washington|Kennedy|Wells|Vargas|Henry|Chen|Freeman|Webb|Tucker|Guzman|Burns|Crawford|' +
    'Olson|Simpson|Porter|Hunter|Gordon|Mendez|Silva|Shaw|Snyder|Mason|Dixon|Munoz|Hunt|Hicks|Holmes|Palmer|Wagner|Black|Robertson|' +
    'Boyd|Rose|Stone|Salazar|Fox|Warren|Mills|Meyer|Rice|Schmidt|Garza|Daniels|Ferguson|Nichols|Stephens|Soto|Weaver|Ryan|Gardner|' +
    'Payne|Grant|Dunn|Kelley|Spencer|Hawkins|Arnold|Pierce|Vazquez|Hansen|Peters|Santos|Hart|Bradley|Knight|Elliott|Cunningham|' +
    'Duncan|Armstrong|Hudson|Carroll|Lane|Riley|Andrews|Ray|Berry|Perkins|Hoffman|Johnston|Matthews|Pena|Richards|Contreras|Willis|' +
    'Carpenter|Lawrence|Sandoval|Wang|Li|Zhang|Liu|Yamamoto|Tanaka|Sato|Park|Choi|Singh|Shah|Gupta|Kumar|Okafor|Mensah|Nakamura|' +
    'Kowalski|Novak|Larsen|Johansson|O\'Brien|Murphy-Lee|Haddad|Nasser|Abboud|Cohen|Levi|Rossi|Russo|Bianchi|Dubois|Laurent|Muller',
);
