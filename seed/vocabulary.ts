// Catalogue vocabulary: categories, product types and the type-specific words descriptions are
// composed from. Phrase lists are '|'-separated to keep this data file readable.
// Grammar contract (catalogue.ts relies on it): uses are gerund phrases ("simmering soups"),
// features are noun phrases, audiences are plural noun phrases, care and notes are full sentences.

export interface TypeVocab {
  name: string;
  code: string;
  nouns: string[];
  lines: string[];
  sizes: string[];
  colors: string[];
  price: [min: number, max: number];
  materials: string[];
  features: string[];
  uses: string[];
  audiences: string[];
  care: string[];
  notes: string[];
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
  types: TypeVocab[];
}

const l = (text: string): string[] => text.split('|').map((s) => s.trim()).filter(Boolean);

interface TypeInput {
  nouns: string;
  lines: string;
  sizes?: string;
  colors?: string;
  price: [number, number];
  materials: string;
  features: string;
  uses: string;
  audiences: string;
  care: string;
  notes: string;
  season?: number[];
  count?: number;
}

const t = (name: string, code: string, v: TypeInput): TypeVocab => ({
  name,
  code,
  nouns: l(v.nouns),
  lines: l(v.lines),
  sizes: l(v.sizes ?? ''),
  colors: l(v.colors ?? ''),
  price: v.price,
  materials: l(v.materials),
  features: l(v.features),
  uses: l(v.uses),
  audiences: l(v.audiences),
  care: l(v.care),
  notes: l(v.notes),
  ...(v.season ? { season: v.season } : {}),
  count: v.count ?? 16,
});

// Type-level seasons for products whose demand follows the weather rather than their category.
const RAIN_SEASON = [1.3, 1.2, 1.2, 1.0, 0.7, 0.5, 0.4, 0.6, 1.0, 1.5, 1.6, 1.3];
const WINTER = [1.5, 1.1, 0.7, 0.4, 0.3, 0.2, 0.2, 0.4, 0.8, 1.4, 1.9, 2.1];
const SUMMER = [0.4, 0.5, 0.8, 1.1, 1.5, 1.8, 1.8, 1.4, 0.9, 0.6, 0.5, 0.7];

const kitchen: CategoryVocab = {
  name: 'Kitchen & Dining',
  code: 'KIT',
  brands: l('Hearthline|Copperleaf|Saltgrain|Oakmere|Brasswell'),
  margin: [0.4, 0.56],
  share: 1.2,
  season: [0.85, 0.8, 0.85, 0.9, 0.95, 0.9, 0.9, 0.95, 1.0, 1.05, 1.35, 1.6],
  types: [
    t('Stockpots', 'STK', {
      nouns: 'Stockpot|Soup Pot|Stock Pot with Lid',
      lines: 'Heritage|Tri-Ply|Everyday|Pro Series|Harvest Table',
      sizes: '6 qt|8 qt|12 qt|16 qt|20 qt',
      colors: 'Brushed Steel|Polished Steel|Matte Black|Copper Band',
      price: [29, 159],
      materials: 'tri-ply stainless steel|heavy-gauge aluminum with a stainless exterior|enameled carbon steel|18/10 stainless steel with an aluminum core',
      features: 'a thick encapsulated base that spreads heat evenly and prevents scorching|a snug tempered-glass lid with a steam vent|riveted stay-cool handles that stay put when the pot is full|etched measurement marks on the inside wall|a rolled, drip-free pouring rim|tall straight sides that limit evaporation during long simmers',
      uses: 'simmering stocks, soups and stews|cooking soup for the whole family|boiling pasta, corn on the cob or potatoes|making big batches of chili for freezing|blanching vegetables and canning preserves|slow-simmering bone broth overnight',
      audiences: 'home cooks who batch-cook for the week|large families|anyone who hosts holiday dinners|meal-preppers',
      care: 'Dishwasher safe, though hand washing keeps the finish bright.|Suitable for gas, electric, ceramic and induction hobs.|Oven safe to 500°F without the lid.',
      notes: 'A pot of chicken noodle soup or a hearty beef stew for eight fits with room to spare.|Fill it with water, bones and aromatics and let it bubble gently for hours without sticking.|The wide base sits steadily over a large burner, so a full pot of stock heats up quickly.',
      count: 18,
    }),
    t('Frying Pans & Skillets', 'SKL', {
      nouns: 'Skillet|Frying Pan|Saute Pan',
      lines: 'Cast Iron Classic|Ceramic Nonstick|Carbon Steel|Chef Grade|Everyday Nonstick',
      sizes: '8 in|10 in|12 in|14 in',
      colors: 'Black|Graphite|Sage Green|Cream|Stone Grey',
      price: [19, 129],
      materials: 'pre-seasoned cast iron|PFAS-free ceramic nonstick over aluminum|carbon steel that seasons with use|hard-anodized aluminum with a triple-layer nonstick coating',
      features: 'a flat base that sits flush on induction and glass tops|flared sides that make flipping easy|a helper handle for lifting a full pan|a coating that releases eggs without oil|pour spouts on both sides',
      uses: 'searing steaks and chops|frying eggs and flipping pancakes|stir-frying vegetables on high heat|baking cornbread and skillet cookies in the oven|sauteing onions and garlic for sauces',
      audiences: 'weeknight cooks|first apartments and dorm kitchens|steak lovers|campers who cook over a fire',
      care: 'Hand wash with warm water and dry immediately.|Rub with a thin coat of oil after cleaning to keep the seasoning strong.|Use wooden or silicone utensils to protect the surface.',
      notes: 'It heats fast and holds a steady temperature, so proteins brown instead of steaming.|Breakfast for two or a one-pan dinner both fit comfortably.|It goes from the stovetop straight into the oven to finish a frittata.',
      count: 18,
    }),
    t("Chef's Knives", 'KNF', {
      nouns: "Chef's Knife|Santoku Knife|Knife Block Set|Paring Knife",
      lines: 'Forged|Damascus|Precision|Kiritsuke|Classic',
      sizes: '3.5 in|6 in|7 in|8 in|10 in',
      colors: 'Walnut Handle|Black Handle|Olive Wood|Stainless',
      price: [15, 229],
      materials: 'high-carbon German stainless steel|67-layer Damascus-clad VG-10 steel|Japanese AUS-8 steel|molybdenum-vanadium stainless steel',
      features: 'a full tang for balance and control|an edge sharpened to 15 degrees per side|a tapered bolster that encourages a safe pinch grip|a non-slip ergonomic handle|a granton edge that stops food sticking to the blade',
      uses: 'dicing onions and mincing herbs|slicing vegetables paper-thin|breaking down a whole chicken|chopping, slicing and dicing everyday ingredients|carving roasts',
      audiences: 'serious home cooks|culinary students|anyone upgrading from a dull drawer knife|gift-givers shopping for a food lover',
      care: 'Hand wash and dry right away; never put it in the dishwasher.|Hone regularly and store in a block or on a magnetic strip to protect the edge.',
      notes: 'The weight sits right at the bolster, so long prep sessions are less tiring.|It glides through tomatoes without crushing them.|It arrives razor sharp in a protective sleeve.',
    }),
    t('Cutting Boards', 'CUT', {
      nouns: 'Cutting Board|Butcher Block|Chopping Board Set',
      lines: 'End Grain|Reversible|Juice Groove|Prep Station',
      sizes: 'Small|Medium|Large|XL',
      colors: 'Walnut|Maple|Acacia|Bamboo|Charcoal',
      price: [14, 119],
      materials: 'end-grain walnut|edge-grain hard maple|sustainably harvested acacia|organic bamboo|dishwasher-safe wood composite',
      features: 'a deep juice groove that catches liquid from roasts|non-slip rubber feet|recessed side handles|a reversible design with a flat side for bread and cheese|knife-friendly fibres that self-heal',
      uses: 'chopping vegetables and herbs|carving roasts and rotisserie chicken|serving cheese and charcuterie|kneading and shaping dough',
      audiences: 'everyday cooks|hosts who like to serve on wood|barbecue enthusiasts|newlyweds setting up a kitchen',
      care: 'Wash by hand and stand upright to dry.|Oil monthly with food-grade mineral oil to prevent cracking.',
      notes: 'It is heavy enough to stay put while you work.|The surface is gentle on knife edges.|It doubles as a handsome serving platter at the table.',
      count: 14,
    }),
    t('Dinnerware', 'DIN', {
      nouns: 'Dinnerware Set|Dinner Plates|Pasta Bowls|Serving Platter',
      lines: 'Coastal|Stoneware Studio|Farmhouse|Speckle|Modern Rim',
      sizes: 'Set of 4|Set of 6|12-Piece|16-Piece',
      colors: 'Speckled White|Ocean Blue|Sage|Charcoal|Terracotta|Oat',
      price: [24, 189],
      materials: 'reactive-glaze stoneware|chip-resistant porcelain|vitrified china|hand-thrown stoneware',
      features: 'a reactive glaze that makes every piece unique|wide rims that frame the food|stackable shapes that save cupboard space|deep walls that hold saucy dishes',
      uses: 'serving everyday family dinners|plating food for dinner parties|serving pasta, salads and ramen|holiday entertaining',
      audiences: 'families|hosts who entertain often|first homes|couples building a registry',
      care: 'Dishwasher and microwave safe.|Oven safe up to 350°F for warming plates.',
      notes: 'The glaze is food safe, lead free and cadmium free.|Each piece feels substantial without being heavy.|It pairs easily with linen napkins and wood boards.',
    }),
    t('Drinkware', 'DRK', {
      nouns: 'Insulated Tumbler|Travel Mug|Wine Glasses|Coffee Mugs|Water Glasses',
      lines: 'Everyday|Summit|Crystal Clear|Cafe|Commuter',
      sizes: '12 oz|16 oz|20 oz|Set of 4|Set of 6',
      colors: 'Clear|Forest|Navy|Blush|Slate|Sand',
      price: [9, 69],
      materials: 'double-wall vacuum-insulated stainless steel|lead-free crystal|tempered borosilicate glass|glazed ceramic',
      features: 'a leak-proof slide lid|a wide mouth that fits ice cubes|a sweat-free exterior|thin rims that feel good to drink from|a comfortable handle',
      uses: 'keeping coffee hot on the commute|keeping drinks cold for hours|serving wine at dinner parties|sipping morning tea',
      audiences: 'commuters|coffee drinkers|hosts|office workers',
      care: 'Top-rack dishwasher safe.|Hand wash the lid seals to keep them fresh.',
      notes: 'It fits most car cup holders.|Hot drinks stay hot for up to six hours.|They make a thoughtful housewarming gift.',
    }),
    t('Small Kitchen Appliances', 'APL', {
      nouns: 'Electric Kettle|Blender|Stand Mixer|Toaster|Slow Cooker|Coffee Maker',
      lines: 'Brew Pro|Daily|Precision|Retro|Compact',
      sizes: '1.7 L|2-Slice|4-Slice|6 qt|48 oz|12-Cup',
      colors: 'Stainless|Matte Black|Cream|Red|Sage',
      price: [29, 349],
      materials: 'brushed stainless steel|BPA-free Tritan|die-cast metal housing|glass carafe and stainless body',
      features: 'variable temperature presets|an automatic shut-off|a keep-warm setting|a powerful motor with pulse control|a removable, dishwasher-safe insert',
      uses: 'boiling water for tea and pour-over coffee|blending smoothies and crushing ice|kneading bread dough and whipping cream|toasting bagels and thick-sliced bread|slow-cooking pot roast, chili and soups while you work',
      audiences: 'busy households|bakers|smoothie fans|small kitchens with limited counter space',
      care: 'Wipe the exterior with a damp cloth; never submerge the base.|Descale monthly in hard-water areas.',
      notes: 'Set it in the morning and come home to dinner.|It is quiet enough for early mornings.|The cord tucks neatly into the base.',
      count: 18,
    }),
  ],
};

const footwear: CategoryVocab = {
  name: 'Footwear',
  code: 'FTW',
  brands: l('Trailforge|Strideway|Northpeak|Cobble & Co|Driftwood'),
  margin: [0.42, 0.58],
  share: 1.0,
  season: [0.9, 0.8, 0.95, 1.0, 1.05, 1.0, 1.05, 1.25, 1.2, 1.1, 1.1, 1.2],
  types: [
    t('Trail Running Shoes', 'TRL', {
      nouns: 'Trail Running Shoe|Waterproof Trail Shoe|Trail Runner',
      lines: 'Ridgeline GTX|Mudrunner|Switchback|Talus WP|Cascade',
      sizes: "Men's 8|Men's 9.5|Men's 11|Women's 7|Women's 8.5|Women's 10",
      colors: 'Moss/Black|Slate/Orange|Navy/Lime|Charcoal|Dusty Rose',
      price: [79, 179],
      materials: 'a waterproof, breathable membrane under a ripstop mesh upper|a seam-sealed upper with a gusseted tongue|abrasion-resistant synthetic overlays and recycled mesh',
      features: 'deep 5 mm lugs that grip mud and loose rock|a rock plate that protects the forefoot|a waterproof liner that keeps feet dry through puddles and stream crossings|a cushioned midsole for long descents|a toe bumper that shrugs off roots|quick-lace pull cords',
      uses: 'running muddy forest trails|keeping feet dry on wet trails and dewy grass|fast hiking in changeable weather|trail races and ultra training|winter running on slushy paths',
      audiences: 'trail runners|hikers who prefer a light shoe|runners in rainy climates|fastpackers',
      care: 'Rinse mud off with cold water and air dry away from direct heat.|Remove the insole after wet runs so the shoe dries faster.',
      notes: 'Wet grass, shallow streams and sideways rain stay on the outside.|The sticky rubber outsole holds on wet rock and roots.|It feels light and nimble but protected underfoot.',
      count: 18,
    }),
    t('Hiking Boots', 'HIK', {
      nouns: 'Hiking Boot|Mid Hiker|Backpacking Boot',
      lines: 'Summit Mid WP|Alpine Pro|Timberline|Granite Peak|Basecamp',
      sizes: "Men's 8|Men's 10|Men's 12|Women's 6.5|Women's 8|Women's 9.5",
      colors: 'Brown|Tan/Olive|Black|Grey/Teal|Walnut',
      price: [99, 249],
      materials: 'full-grain waterproof leather|nubuck leather and a waterproof membrane|suede and high-denier nylon',
      features: 'ankle support for uneven terrain|a Vibram-style lugged outsole|a padded collar and gusseted tongue that keeps out debris|a stiff shank for carrying heavy packs|a waterproof liner that keeps boots dry in snow and rain',
      uses: 'backpacking with a heavy pack|day hikes on rocky trails|walking in snow, slush and mud|scrambling over scree',
      audiences: 'backpackers|weekend hikers|hunters and anglers|national park travelers',
      care: 'Brush off dirt and treat the leather with conditioner each season.|Re-apply waterproofing spray when water stops beading.',
      notes: 'It breaks in quickly and stays comfortable mile after mile.|Your ankles stay steady on loose descents.|Dry feet on multi-day trips mean fewer blisters.',
    }),
    t('Road Running Shoes', 'RUN', {
      nouns: 'Running Shoe|Road Runner|Daily Trainer',
      lines: 'Tempo|Cloudstep|Pacer|Marathon Max|Stride 5',
      sizes: "Men's 8|Men's 9|Men's 10.5|Women's 6|Women's 7.5|Women's 9",
      colors: 'White/Blue|Black/Volt|Coral|Grey/Mint|Triple Black',
      price: [69, 189],
      materials: 'an engineered knit upper|a breathable jacquard mesh upper|a lightweight recycled upper',
      features: 'a springy foam midsole|a carbon-infused plate for faster turnover|a roomy toe box|reflective details for dawn and dusk runs|an 8 mm heel-to-toe drop',
      uses: 'daily training runs on pavement|racing 5Ks and half marathons|walking all day on city streets|treadmill workouts',
      audiences: 'new runners|marathon trainees|walkers who want extra cushioning|gym-goers',
      care: 'Machine wash cold in a laundry bag and air dry.|Rotate two pairs to let the foam recover.',
      notes: 'It feels soft at easy paces and snappy when you speed up.|The heel counter locks the foot in without rubbing.|Expect around 400 miles of running from the midsole.',
    }),
    t('Casual Sneakers', 'SNK', {
      nouns: 'Sneaker|Low-Top Sneaker|Slip-On Sneaker|Canvas Shoe',
      lines: 'Court Classic|Canvas Low|Everyday Knit|Retro 86|Metro',
      sizes: "Men's 8|Men's 9|Men's 11|Women's 6|Women's 7|Women's 8.5",
      colors: 'White|Off-White/Gum|Navy|Black|Olive|Pink',
      price: [39, 119],
      materials: 'organic cotton canvas|smooth leather|recycled knit|vegan leather',
      features: 'a vulcanized rubber sole|a cushioned footbed|an easy slip-on fit|a padded collar',
      uses: 'running errands around town|everyday wear with jeans|travel days|casual office wear',
      audiences: 'anyone who wants one pair for everything|students|travelers|commuters',
      care: 'Spot clean with mild soap.|Canvas styles can go in a cold machine wash.',
      notes: 'They go with nearly everything in the closet.|The clean silhouette never looks dated.',
    }),
    t('Rain Boots', 'RBT', {
      nouns: 'Rain Boot|Wellington Boot|Chelsea Rain Boot',
      lines: 'Puddle|Downpour|Harbor|Garden Chelsea|Storm Tall',
      sizes: "Women's 6|Women's 7|Women's 8|Women's 9|Men's 9|Men's 11",
      colors: 'Hunter Green|Black|Mustard|Navy|Red|Clear Sky',
      price: [35, 139],
      materials: 'natural rubber|waterproof vulcanized rubber|PVC-free rubber with a neoprene lining',
      features: 'a fully waterproof shell|a removable cushioned insole|a pull tab for easy on and off|a slip-resistant outsole|a cozy fleece lining for cold days',
      uses: 'walking the dog in the rain|gardening in wet soil|commuting through rainy city streets|festivals and muddy fields',
      audiences: 'gardeners|dog owners|commuters in rainy cities|festival-goers',
      care: 'Rinse with water and wipe clean.|Store out of direct sunlight to keep the rubber supple.',
      notes: 'Feet stay completely dry even in ankle-deep puddles.|They hose off clean after a muddy day.',
      season: RAIN_SEASON,
    }),
    t('Sandals', 'SDL', {
      nouns: 'Sandal|Sport Sandal|Slide|Flip-Flop',
      lines: 'Riverwalk|Beachcomber|Terra Strap|Cloud Slide|Coastline',
      sizes: "Men's 8|Men's 10|Men's 12|Women's 6|Women's 8|Women's 10",
      colors: 'Black|Tan|Sea Blue|Coral|Olive',
      price: [19, 99],
      materials: 'quick-dry webbing straps|soft leather straps|molded EVA foam|recycled rubber',
      features: 'a contoured footbed with arch support|adjustable hook-and-loop straps|a grippy outsole that works wet or dry|a toe guard for rocky shorelines',
      uses: 'beach days and pool decks|river crossings and water hikes|summer travel|post-workout recovery',
      audiences: 'beachgoers|summer travelers|kayakers and rafters|anyone with tired feet',
      care: 'Rinse off salt and sand after use.|Air dry out of direct sun.',
      notes: 'They dry in minutes after a swim.|Secure straps keep them on in moving water.',
      season: SUMMER,
    }),
    t('Slippers', 'SLP', {
      nouns: 'Slipper|Moccasin Slipper|Slipper Bootie',
      lines: 'Fireside|Cozy Cabin|Shearling Classic|Lazy Sunday',
      sizes: 'S|M|L|XL',
      colors: 'Chestnut|Grey|Cream|Charcoal|Plum',
      price: [24, 89],
      materials: 'genuine sheepskin|plush recycled fleece|boiled wool|suede with a faux-fur lining',
      features: 'a memory foam footbed|an indoor-outdoor rubber sole|a warm fleece collar',
      uses: 'keeping feet warm at home|lounging on cold mornings|quick trips to the mailbox',
      audiences: 'anyone with cold floors|holiday gift shoppers|new parents',
      care: 'Spot clean with a damp cloth.|Brush the suede gently to restore the nap.',
      notes: 'It feels like a warm hug for your feet.|The sole is sturdy enough for the porch.',
      season: WINTER,
      count: 12,
    }),
  ],
};
