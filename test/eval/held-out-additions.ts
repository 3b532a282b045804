// Paraphrase queries added for issue #9, all in the held-out half (split.ts). Written from the
// catalogue's product types and what they are for (seed/vocabulary.ts: types, variants, uses),
// before looking at any search result, and in a shopper's words rather than the catalogue's: one
// query per product kind that the original set did not ask about. Never tune on these.
import { noun, type RelevanceQuery, type } from './relevance-set.js';

const P = (query: string, ...labels: RelevanceQuery['labels']): RelevanceQuery => ({ query, kind: 'paraphrase', labels });

export const HELD_OUT_ADDITIONS: readonly RelevanceQuery[] = [
  // Kitchen & Dining
  P('somewhere to chop veggies without ruining the worktop', [2, noun('Cutting Board', 'Butcher Block')], [1, type('Cutting Boards')]),
  P('plates and bowls for a new home', [2, type('Dinnerware')]),
  P('wake up to a fresh pot for everyone in the house', [2, noun('Drip Coffee Maker')], [1, noun('Camp Percolator', 'Coffee Mugs')]),
  P('brown my bagels in the morning', [2, noun('Toaster')]),
  P('small blade for peeling fruit', [2, noun('Paring Knife')], [1, type("Chef's Knives")]),
  P('cook omelettes without them sticking', [2, noun('Nonstick Frying Pan')], [1, type('Frying Pans & Skillets')]),
  // Footwear
  P('everyday kicks to wear with jeans at the weekend', [2, type('Casual Sneakers')]),
  P('something to slip on and rest my feet after a hard run', [2, noun('Recovery Slide')], [1, type('Sandals', 'Slippers')]),
  P('lightweight shoes to set a personal best in a 5k', [2, noun('Racing Shoe')], [1, type('Road Running Shoes')]),
  // Outdoor & Camping
  P('sleep comfortably off the hard ground when camping', [2, noun('Sleeping Pad')], [1, type('Sleeping Bags & Pads')]),
  P('hands-free light for night hikes', [2, noun('Headlamp')], [1, type('Lighting')]),
  P('lightweight shelter for a solo multi-day trek', [2, noun('Backpacking Tent')], [1, type('Tents')]),
  P('make coffee over the campfire', [2, noun('Camp Percolator')], [1, type('Camp Kitchen')]),
  P('a drinks bottle that squashes flat when empty', [2, noun('Collapsible Water Bottle')], [1, type('Water Bottles & Filters')]),
  // Apparel
  P('sleeveless warm layer for chilly mornings', [2, noun('Puffer Vest')], [1, type('Fleece & Mid-layers')]),
  P('breathable top for gym sessions', [2, noun('Performance Tee')], [1, type('T-Shirts & Tops')]),
  P('relaxed bottoms for lounging around the house', [2, noun('Joggers')], [1, type('Pants')]),
  P('something to wrap around my neck against a cold wind', [2, noun('Scarf')], [1, noun('Beanie')]),
  P('long heavy coat for freezing rain', [2, noun('Waterproof Parka')], [1, type('Rain Jackets')]),
  // Home Decor
  P('support for my lower back on the couch', [2, noun('Lumbar Pillow')], [1, type('Cushions & Pillows')]),
  P('extra seating on the floor for the kids', [2, noun('Floor Cushion')], [1, type('Cushions & Pillows')]),
  P('check my outfit before I leave the house', [2, noun('Wall Mirror')]),
  P('brighten a dark corner of the living room', [2, noun('Floor Lamp')], [1, type('Lamps')]),
  P('scent a room without a flame', [2, noun('Reed Diffuser')], [1, type('Candles & Home Fragrance')]),
  // Electronics
  P('listen to podcasts while I jog', [2, noun('Sport Earbuds')], [1, type('Headphones & Earbuds')]),
  P('better sound for movie nights on the TV', [2, noun('Soundbar')], [1, type('Speakers')]),
  P('ask for the weather and play music by voice', [2, noun('Smart Speaker')], [1, type('Speakers', 'Smart Home')]),
  P('switch the lamp off from an app', [2, noun('Smart Plug', 'Smart Bulb')], [1, type('Smart Home')]),
  P('top up my phone just by setting it down', [2, noun('Wireless Charging Station')], [1, type('Chargers & Power')]),
  P('track my pace and distance on runs', [2, noun('GPS Running Watch')], [1, noun('Fitness Tracker', 'Smartwatch')]),
  // Garden
  P('dig small holes for seedlings', [2, noun('Hand Trowel')], [1, noun('Garden Tool Set')]),
  P('water the flower pots on the patio', [2, noun('Watering Can')], [1, type('Watering')]),
  P('plant in autumn for colour in spring', [2, noun('Tulip Bulbs')], [1, type('Seeds & Bulbs')]),
  P('fresh basil and parsley on the windowsill', [2, noun('Herb Seed Kit')], [1, type('Seeds & Bulbs')]),
  P('outdoor dinner for six on the terrace', [2, noun('Patio Dining Set')], [1, type('Patio Furniture')]),
  P('burgers on the barbecue for a summer party', [2, noun('Gas Grill', 'Charcoal Grill')], [1, type('Grills & Outdoor Cooking')]),
  // Tools & Hardware
  P('drive long screws into decking boards', [2, noun('Impact Driver')], [1, noun('Cordless Drill', 'Wood Screw Assortment')]),
  P('hang shelves perfectly straight', [2, noun('Laser Level', 'Spirit Level')], [1, type('Measuring & Layout')]),
  P('measure a room before buying furniture', [2, noun('Tape Measure')], [1, noun('Laser Level')]),
  P('keep my spanners and wrenches organised', [2, noun('Tool Box', 'Rolling Tool Chest')], [1, type('Tool Storage & Safety')]),
  P('basic tools for my first flat', [2, noun('Home Tool Kit')], [1, type('Hand Tools')]),
  // Sports & Fitness
  P('stop my bicycle being stolen', [2, noun('Bike Lock')], [1, type('Cycling')]),
  P('inflate my bicycle tyres at home', [2, noun('Floor Pump')], [1, type('Cycling')]),
  P('kickabout in the park with the kids', [2, noun('Soccer Ball')], [1, type('Team Sports & Rackets')]),
  P('strengthen my core at home', [2, noun('Ab Roller')], [1, type('Strength Training', 'Cardio Equipment')]),
  P('sit comfortably while I meditate', [2, noun('Meditation Cushion')], [1, type('Yoga')]),
  // Kids & Baby
  P('pretend cooking play for a preschooler', [2, noun('Play Kitchen')], [1, type('Toddler Toys')]),
  P('a seat for feeding the baby at the table', [2, noun('High Chair')], [1, type('Feeding')]),
  P('spill-proof drinks for a toddler', [2, noun('Sippy Cup')], [1, type('Feeding')]),
  P('a light buggy for travel and city streets', [2, noun('Lightweight Stroller')], [1, type('Strollers & Carriers')]),
  // Beauty & Personal Care
  P('fade dark spots and brighten my complexion', [2, noun('Vitamin C Serum')], [1, type('Skincare')]),
  P('protect my lips from the sun', [2, noun('SPF Lip Balm')], [1, type('Sun Care')]),
  P('dry my hair quickly after a shower', [2, noun('Hair Dryer')], [1, type('Hair Tools')]),
  P('loose waves for a night out', [2, noun('Curling Wand')], [1, type('Hair Tools')]),
  P('a close, smooth shave', [2, noun('Safety Razor', 'Electric Shaver')], [1, type('Shaving & Grooming')]),
  P('wash my hair without a plastic bottle', [2, noun('Shampoo Bar')], [1, noun('Shampoo')]),
];
