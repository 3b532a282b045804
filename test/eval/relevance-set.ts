// Shopper-style queries with graded relevance labels for the seed catalogue (seed/catalogue.ts).
// Labels are predicates over a product's type and the noun at the end of its name, resolved to ids
// at eval time (resolve-labels.ts), so they survive id, price and description changes.

export interface EvalProduct {
  product_id: number;
  sku: string;
  product_name: string;
  category_name: string;
  type_name: string;
}

/** 2 = exactly what was asked for; 1 = a reasonable answer. */
export type Grade = 1 | 2;
export type Matcher = (p: EvalProduct) => boolean;

export interface RelevanceQuery {
  query: string;
  /** 'paraphrase': avoids the products' own words; 'keyword': uses them (names, specs, brands). */
  kind: 'paraphrase' | 'keyword';
  /** A grade and the predicates that earn it (any one suffices); a product takes its highest grade. */
  labels: Label[];
}

export type Label = [Grade, ...Matcher[]];

/** The name's noun phrase: "Oakmere Heritage Dutch Oven, 7 qt, Steel" -> ends with "Dutch Oven". */
const head = (p: EvalProduct) => p.product_name.split(',')[0]!.trim().toLowerCase();
export const noun =
  (...nouns: string[]): Matcher =>
  (p) =>
    nouns.some((n) => head(p).endsWith(n.toLowerCase()));
export const type =
  (...names: string[]): Matcher =>
  (p) =>
    names.includes(p.type_name);
const and =
  (...ms: Matcher[]): Matcher =>
  (p) =>
    ms.every((m) => m(p));
const nameHas =
  (re: RegExp): Matcher =>
  (p) =>
    re.test(p.product_name);

const P = (query: string, ...labels: Label[]): RelevanceQuery => ({ query, kind: 'paraphrase', labels });
const K = (query: string, ...labels: Label[]): RelevanceQuery => ({ query, kind: 'keyword', labels });

export const RELEVANCE_SET: readonly RelevanceQuery[] = [
  // Kitchen & Dining
  P('something to cook soup in', [2, type('Stockpots')], [1, noun('Slow Cooker')]),
  P('dinner ready when I get home from work', [2, noun('Slow Cooker')], [1, type('Stockpots')]),
  P('boil water for tea', [2, noun('Electric Kettle')], [1, noun('Backpacking Stove', 'Camp Percolator', 'Drip Coffee Maker')]),
  P('sharp blade for chopping onions', [2, noun("Chef's Knife", 'Santoku Knife')], [1, type("Chef's Knives")]),
  P('make smoothies in the morning', [2, noun('Blender')]),
  P('sear a steak at high heat', [2, noun('Cast Iron Skillet')], [1, type('Frying Pans & Skillets'), noun('Gas Grill', 'Charcoal Grill')]),
  P('quick vegetable stir fry', [2, noun('Carbon Steel Wok')], [1, type('Frying Pans & Skillets')]),
  P('serve cheese and crackers to guests', [2, noun('Charcuterie Board')], [1, noun('Serving Platter'), type('Cutting Boards')]),
  P('wine night with friends', [2, noun('Wine Glasses')]),
  P('keep my coffee hot on the commute', [2, noun('Travel Mug', 'Insulated Tumbler')], [1, type('Drinkware')]),
  P('bake bread and whip cream', [2, noun('Stand Mixer')]),
  // Footwear
  P(
    'keep my feet dry on muddy trail runs',
    [2, noun('Waterproof Trail Running Shoe', 'Waterproof Trail Shoe')],
    [1, type('Trail Running Shoes', 'Hiking Boots')],
  ),
  P('shoes for my first marathon', [2, type('Road Running Shoes')]),
  P('wellies for splashing through puddles', [2, type('Rain Boots')], [1, noun("Kids' Rain Boots")]),
  P('comfy house shoes for cold floors', [2, type('Slippers')]),
  P('footwear for river crossings and kayaking', [2, noun('Sport Sandal')], [1, type('Sandals', 'Trail Running Shoes')]),
  P('ankle support for hiking with a heavy pack over rocks', [2, type('Hiking Boots')], [1, noun('Backpacking Pack')]),
  // Outdoor & Camping
  P('see in the dark around the campsite', [2, type('Lighting')]),
  P('shelter for a family weekend in the woods', [2, noun('Family Camping Tent')], [1, type('Tents')]),
  P('stay warm sleeping outdoors on a cold night', [2, noun('Down Sleeping Bag', 'Synthetic Sleeping Bag')], [1, type('Sleeping Bags & Pads')]),
  P('drink safely from a stream', [2, noun('Water Filter')], [1, type('Water Bottles & Filters')]),
  P('bag to carry snacks and water on a day hike', [2, noun('Daypack', 'Hydration Pack')], [1, type('Backpacks')]),
  P('cook breakfast at the campsite', [2, noun('Two-Burner Camp Stove', 'Camp Cook Set', 'Backpacking Stove')], [1, type('Camp Kitchen')]),
  // Apparel
  P('stay dry walking to work in a downpour', [2, type('Rain Jackets')], [1, type('Rain Boots'), noun('Packable Rain Jacket')]),
  P('warm jumper for winter', [2, noun('Crewneck Sweater', 'Cardigan')], [1, type('Fleece & Mid-layers')]),
  P('warm layer to wear under my shell on a cold hike', [2, type('Fleece & Mid-layers')], [1, type('Knitwear')]),
  P('prevent blisters on long walks', [2, noun('Hiking Socks', 'Wool Socks')], [1, type('Socks')]),
  P('keep my ears warm', [2, noun('Beanie')], [1, noun('Scarf')]),
  P('comfortable trousers for travel', [2, type('Pants')]),
  // Home Decor
  P('something cosy to curl up with on the sofa', [2, noun('Throw Blanket')], [1, type('Throws & Blankets')]),
  P('a heavy blanket to help me fall asleep', [2, noun('Weighted Blanket')], [1, type('Throws & Blankets')]),
  P('make the living room smell nice', [2, type('Candles & Home Fragrance')]),
  P('light for reading in bed', [2, noun('Table Lamp')], [1, type('Lamps')]),
  P('display family photos on the wall', [2, noun('Picture Frame')], [1, noun('Framed Print')]),
  P('fresh flowers on the dining table', [2, noun('Vase')], [1, type('Vases & Indoor Planters')]),
  P('pot for a houseplant', [2, noun('Indoor Planter', 'Hanging Planter')], [1, type('Vases & Indoor Planters', 'Planters & Raised Beds')]),
  // Electronics
  P('block out noise on a long flight', [2, noun('Noise-Cancelling Headphones')], [1, type('Headphones & Earbuds')]),
  P('music at a beach party', [2, noun('Portable Bluetooth Speaker')], [1, type('Speakers')]),
  P('charge my phone when there is no outlet', [2, noun('Power Bank')], [1, type('Chargers & Power')]),
  P('see who is at the front door', [2, noun('Video Doorbell')], [1, noun('Indoor Security Camera')]),
  P('control the heating from my phone', [2, noun('Smart Thermostat')], [1, type('Smart Home')]),
  P('look good on video calls from my laptop', [2, noun('HD Webcam')]),
  P('typing all day without wrist pain', [2, noun('Ergonomic Keyboard')], [1, noun('Mechanical Keyboard', 'Wireless Mouse')]),
  P('count my steps and watch my heart rate', [2, noun('Fitness Tracker', 'Smartwatch')], [1, noun('GPS Running Watch')]),
  // Garden
  P('trim the rose bushes', [2, noun('Pruning Shears')], [1, noun('Garden Gloves', 'Garden Tool Set')]),
  P('keep the lawn green in summer', [2, noun('Lawn Sprinkler', 'Garden Hose')], [1, type('Watering')]),
  P('grow tomatoes on a small balcony', [2, noun('Grow Bag Set', 'Self-Watering Planter', 'Raised Garden Bed')], [1, noun('Vegetable Seed Collection')]),
  P('flowers for bees and butterflies', [2, noun('Wildflower Seed Mix')], [1, type('Seeds & Bulbs')]),
  P('smoke ribs low and slow', [2, noun('Pellet Smoker')], [1, noun('Charcoal Grill', 'Gas Grill')]),
  P('homemade pizza in the backyard', [2, noun('Outdoor Pizza Oven')], [1, type('Grills & Outdoor Cooking')]),
  P('relax swinging between two trees', [2, noun('Hammock')], [1, type('Patio Furniture')]),
  // Tools & Hardware
  P('make holes in a brick wall', [2, noun('Hammer Drill')], [1, noun('Cordless Drill', 'Wall Anchor Kit')]),
  P('find the wooden beam behind the drywall', [2, noun('Stud Finder')]),
  P('hang a heavy mirror on plasterboard', [2, noun('Wall Anchor Kit', 'Toggle Bolts', 'Picture Hanging Kit')], [1, noun('Stud Finder')]),
  P('reach the top kitchen cupboards', [2, noun('Step Stool')], [1, noun('Step Ladder')]),
  P('clear out the gutters on a two-storey house', [2, noun('Extension Ladder')], [1, type('Ladders & Step Stools')]),
  P('protect my eyes while cutting wood', [2, noun('Safety Glasses')], [1, noun('Work Gloves')]),
  // Sports & Fitness
  P('build muscle with home workouts', [2, type('Strength Training')], [1, noun('Resistance Band Set')]),
  P('sore muscles after the gym', [2, noun('Foam Roller', 'Massage Gun')], [1, type('Recovery & Bands')]),
  P('stretching and meditation at home', [2, type('Yoga')]),
  P('ride my bicycle to work safely at night', [2, noun('Bike Light Set', 'Bike Helmet')], [1, type('Cycling')]),
  P('quick cardio in a small apartment', [2, noun('Jump Rope')], [1, type('Cardio Equipment')]),
  // Kids & Baby
  P('keep the kids dry jumping in puddles', [2, type("Kids' Rainwear")], [1, type('Rain Boots')]),
  P('carry my newborn hands-free', [2, noun('Baby Carrier', 'Baby Wrap')], [1, type('Strollers & Carriers')]),
  P('push the baby while I go for a run', [2, noun('Jogging Stroller')], [1, type('Strollers & Carriers')]),
  P('first toys for a one year old', [2, type('Toddler Toys')]),
  P('pack a school lunch', [2, noun('Bento Lunch Box', 'Insulated Lunch Bag')], [1, type("Kids' Backpacks & Lunch")]),
  P('help my baby sleep safely', [2, noun('Sleep Sack', 'Swaddle Blanket')], [1, type('Baby Bedding & Swaddles')]),
  P('mealtime gear for a messy toddler', [2, type('Feeding')]),
  // Beauty & Personal Care
  P('protect my skin at the beach', [2, type('Sun Care')]),
  P('dry flaky skin on my face', [2, noun('Daily Moisturizer', 'Night Cream', 'Hyaluronic Serum')], [1, type('Skincare')]),
  P('tame frizzy curls', [2, noun('Hair Mask', 'Conditioner')], [1, type('Hair Care'), noun('Flat Iron')]),
  P('shape my beard', [2, noun('Beard Trimmer')], [1, type('Shaving & Grooming')]),
  P('a relaxing soak in the tub', [2, noun('Bath Bombs')], [1, type('Bath & Body')]),
  P('cracked hands in winter', [2, noun('Hand Cream')], [1, noun('Body Lotion')]),
  // Shoppers also type product words, specs and model names; hybrid must not lose these.
  K('cast iron skillet', [2, noun('Cast Iron Skillet')], [1, type('Frying Pans & Skillets')]),
  K('dutch oven', [2, noun('Dutch Oven')], [1, type('Stockpots')]),
  K('merino beanie', [2, and(noun('Beanie'), nameHas(/merino/i))], [1, noun('Beanie')]),
  K('usb-c wall charger', [2, noun('USB-C Wall Charger')], [1, type('Chargers & Power')]),
  K('sunscreen stick spf 50', [2, noun('Sunscreen Stick SPF 50')], [1, type('Sun Care')]),
  K('pump for presta valves', [2, noun('Floor Pump')]),
  K('mips bike helmet', [2, noun('Bike Helmet')]),
  K('damascus chef knife', [2, and(noun("Chef's Knife", 'Santoku Knife', 'Paring Knife'), nameHas(/damascus/i))], [1, type("Chef's Knives")]),
  K('pickleball paddles', [2, noun('Pickleball Paddle Set')]),
  K('adirondack chair', [2, noun('Adirondack Chair')], [1, type('Patio Furniture')]),
];
