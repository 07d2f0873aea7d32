// Dishes of the demo city, per cuisine. One line a dish: name|category|tags|allergens|price in rupees|description.
// Tags: V vegetarian, VG vegan, GF gluten-free, J jain, H halal, E contains egg. Allergens use catalog names.

const RAW: Record<string, string> = {
  'North Indian': `
Paneer Butter Masala|Mains|V,GF|MILK|280|Cottage cheese in a velvety tomato and butter gravy
Dal Makhani|Mains|V,GF|MILK|240|Black lentils slow-cooked overnight with cream
Butter Chicken|Mains|H,GF|MILK|340|Tandoor-roasted chicken in a mild makhani gravy
Chole Bhature|Mains|V|WHEAT|190|Spiced chickpeas with two fluffy fried breads
Rajma Chawal|Mains|VG,GF|—|180|Kidney bean curry with steamed basmati rice
Kadai Paneer|Mains|V,GF|MILK|270|Paneer tossed with peppers and freshly ground kadai spices
Mutton Rogan Josh|Mains|H,GF|—|390|Kashmiri-style lamb curry with whole spices
Aloo Gobi|Mains|VG,GF,J|—|200|Potato and cauliflower dry-roasted with cumin
Palak Paneer|Mains|V,GF|MILK|260|Paneer cubes in a smooth spinach gravy
Tandoori Chicken (Half)|Starters|H,GF|MILK|320|Yoghurt-marinated chicken charred in the tandoor
Paneer Tikka|Starters|V,GF|MILK|290|Smoky paneer skewers with mint chutney
Hara Bhara Kebab|Starters|V|—|220|Spinach and pea patties, shallow fried
Butter Naan|Breads|V|WHEAT,MILK|60|Leavened bread from the tandoor, brushed with butter
Garlic Naan|Breads|V|WHEAT,MILK|70|Naan topped with garlic and coriander
Tandoori Roti|Breads|VG|WHEAT|35|Whole-wheat flatbread from the tandoor
Laccha Paratha|Breads|V|WHEAT,MILK|65|Layered flaky paratha
Jeera Rice|Rice|VG,GF|—|150|Basmati rice tempered with cumin
Veg Pulao|Rice|VG,GF|—|190|Fragrant rice with seasonal vegetables
Boondi Raita|Sides|V,GF|MILK|80|Yoghurt with crisp gram-flour pearls
Gulab Jamun (2 pcs)|Desserts|V|MILK,WHEAT|90|Warm milk dumplings in cardamom syrup`,
  'South Indian': `
Masala Dosa|Dosa|VG,GF|—|120|Crisp rice crepe with spiced potato, sambar and chutneys
Ghee Roast Dosa|Dosa|V,GF|MILK|150|Paper-thin dosa roasted in ghee
Rava Dosa|Dosa|VG|WHEAT|130|Lacy semolina crepe with onions and chillies
Mysore Masala Dosa|Dosa|VG,GF|—|140|Dosa with a fiery red chutney and potato filling
Idli (3 pcs)|Tiffin|VG,GF,J|—|80|Steamed rice cakes with sambar and coconut chutney
Medu Vada (2 pcs)|Tiffin|VG,GF|—|90|Crisp lentil doughnuts
Ven Pongal|Tiffin|V,GF|MILK|110|Rice and moong dal with pepper, cumin and ghee
Rava Upma|Tiffin|VG|WHEAT|90|Savoury semolina with vegetables and curry leaves
Uttapam|Tiffin|VG,GF|—|130|Thick rice pancake topped with onion and tomato
Bisi Bele Bath|Rice|VG,GF|—|150|Spiced rice and lentils with vegetables, Karnataka style
Curd Rice|Rice|V,GF|MILK|110|Cool yoghurt rice with mustard tempering
Lemon Rice|Rice|VG,GF|PEANUTS|110|Tangy rice with peanuts and curry leaves
Chettinad Chicken|Mains|H,GF|—|320|Chicken in a peppery Chettinad masala
Kerala Fish Curry|Mains|GF|FISH|340|Fish simmered in coconut milk and kokum
Appam with Stew|Mains|VG,GF|—|180|Lace-edged rice hoppers with vegetable coconut stew
Malabar Parotta|Breads|V|WHEAT,MILK|50|Flaky layered flatbread
Filter Coffee|Beverages|V,GF|MILK|60|Strong decoction coffee with frothy milk
Payasam|Desserts|V,GF|MILK,TREE_NUTS|100|Rice pudding with jaggery and cashews`,
  Biryani: `
Hyderabadi Chicken Dum Biryani|Biryani|H,GF|MILK|320|Basmati and chicken layered and sealed for dum cooking
Mutton Biryani|Biryani|H,GF|MILK|390|Tender goat meat biryani with fried onions
Egg Biryani|Biryani|GF,E|EGG|240|Spiced rice with boiled eggs
Veg Dum Biryani|Biryani|V,GF|MILK|230|Vegetables and saffron rice slow-cooked on dum
Paneer Biryani|Biryani|V,GF|MILK|260|Paneer tikka layered with saffron rice
Prawn Biryani|Biryani|GF|SHELLFISH|420|Coastal-style biryani with juicy prawns
Ambur Chicken Biryani|Biryani|H,GF|—|300|Seeraga samba rice biryani from Ambur
Chicken 65|Starters|H|—|260|Crisp spicy fried chicken with curry leaves
Mirchi ka Salan|Sides|VG,GF|PEANUTS,SESAME|90|Chillies in a peanut and sesame gravy
Burani Raita|Sides|V,GF|MILK|70|Garlicky yoghurt raita
Double ka Meetha|Desserts|V|MILK,WHEAT,TREE_NUTS|120|Bread pudding with saffron and nuts
Qubani ka Meetha|Desserts|V,GF|MILK|130|Stewed apricots with cream`,
  Chinese: `
Veg Hakka Noodles|Noodles|VG|WHEAT,SOY|180|Wok-tossed noodles with crunchy vegetables
Chicken Hakka Noodles|Noodles|H|WHEAT,SOY|220|Noodles with chicken and spring onion
Schezwan Fried Rice|Rice|VG|SOY|190|Fried rice in fiery Schezwan sauce
Egg Fried Rice|Rice|E|EGG,SOY|180|Fried rice with scrambled egg
Chilli Paneer|Starters|V|MILK,SOY,WHEAT|250|Paneer with peppers in a spicy glaze
Gobi Manchurian|Starters|VG|WHEAT,SOY|210|Cauliflower fritters in Manchurian sauce
Chilli Chicken|Starters|H|SOY,WHEAT|270|Indo-Chinese classic with green chillies
Veg Spring Rolls|Starters|VG|WHEAT|180|Crisp rolls with cabbage and carrot
Hot and Sour Soup|Soups|VG|SOY|140|Peppery, tangy soup with vegetables
Sweet Corn Soup|Soups|V,GF|—|130|Creamy corn soup
Kung Pao Chicken|Mains|H|PEANUTS,SOY|310|Chicken with peanuts and dried chillies
Mapo Tofu|Mains|VG|SOY|260|Silken tofu in a spicy bean sauce
Darsaan|Desserts|V|WHEAT,SESAME|150|Honey-glazed fried noodles with ice cream`,
  Italian: `
Margherita Pizza|Pizza|V|WHEAT,MILK|320|San Marzano tomato, mozzarella and basil
Farmhouse Pizza|Pizza|V|WHEAT,MILK|380|Peppers, onion, mushroom and olives
Pepperoni Pizza|Pizza||WHEAT,MILK|450|Spicy pepperoni with mozzarella
Spaghetti Aglio e Olio|Pasta|VG|WHEAT|300|Garlic, chilli and olive oil
Penne Arrabbiata|Pasta|VG|WHEAT|310|Penne in a spicy tomato sauce
Fettuccine Alfredo|Pasta|V|WHEAT,MILK|350|Creamy parmesan sauce
Pesto Gnocchi|Pasta|V|WHEAT,MILK,TREE_NUTS|380|Potato gnocchi with basil pesto
Mushroom Risotto|Mains|V,GF|MILK|390|Arborio rice with porcini and parmesan
Lasagne Bolognese|Mains||WHEAT,MILK,EGG|420|Layered pasta with slow-cooked meat ragu
Bruschetta|Starters|VG|WHEAT|220|Grilled bread with tomato and basil
Caprese Salad|Salads|V,GF|MILK|280|Tomato, mozzarella and basil with olive oil
Tiramisu|Desserts|V,E|MILK,EGG,WHEAT|260|Coffee-soaked ladyfingers with mascarpone
Panna Cotta|Desserts|V,GF|MILK|220|Vanilla cream with berry compote`,
  'Street Food': `
Pani Puri|Chaat|VG|WHEAT|70|Crisp puris with spiced tamarind water
Sev Puri|Chaat|V|WHEAT,MILK|80|Puris with potato, chutneys and sev
Pav Bhaji|Mains|V|WHEAT,MILK|150|Buttery mashed vegetable curry with toasted buns
Vada Pav|Snacks|VG|WHEAT|50|Spiced potato fritter in a bun
Dahi Puri|Chaat|V|WHEAT,MILK|90|Puris with sweet yoghurt and chutneys
Samosa (2 pcs)|Snacks|VG|WHEAT|60|Flaky pastry with spiced potato and peas
Kathi Roll (Paneer)|Rolls|V|WHEAT,MILK|160|Paratha roll with paneer tikka
Kathi Roll (Chicken)|Rolls|H|WHEAT,EGG|180|Egg paratha roll with chicken tikka
Aloo Tikki Chaat|Chaat|V|MILK|100|Potato patties with yoghurt and chutneys
Masala Corn|Snacks|VG,GF|—|70|Sweet corn with lime and chilli
Kulfi Falooda|Desserts|V|MILK,TREE_NUTS|120|Kulfi with vermicelli and rose syrup`,
  Cafe: `
Cappuccino|Coffee|V,GF|MILK|160|Double espresso with steamed milk foam
Cold Brew|Coffee|VG,GF|—|180|Steeped for 16 hours, served over ice
Masala Chai|Tea|V,GF|MILK|90|Spiced milk tea
Avocado Toast|Breakfast|VG|WHEAT|290|Sourdough with smashed avocado and chilli flakes
Eggs Benedict|Breakfast|E|EGG,WHEAT,MILK|320|Poached eggs, hollandaise and English muffin
Masala Omelette|Breakfast|GF,E|EGG|180|Three-egg omelette with onion and chillies
Veg Club Sandwich|Sandwiches|V|WHEAT,MILK|240|Triple-decker with vegetables and cheese
Chicken Pesto Sandwich|Sandwiches||WHEAT,MILK,TREE_NUTS|280|Grilled chicken with basil pesto
Blueberry Muffin|Bakes|V,E|WHEAT,EGG,MILK|140|Baked every morning
Chocolate Brownie|Bakes|V,E|WHEAT,EGG,MILK|150|Fudgy brownie with walnuts
Banana Smoothie Bowl|Bowls|VG,GF|TREE_NUTS|260|Banana, granola and seeds`,
  Healthy: `
Quinoa Salad Bowl|Bowls|VG,GF|—|320|Quinoa, chickpeas, cucumber and lemon dressing
Grilled Chicken Bowl|Bowls|H,GF|—|360|Herb chicken with brown rice and greens
Tofu Poke Bowl|Bowls|VG|SOY,SESAME|340|Marinated tofu, edamame and sushi rice
Greek Salad|Salads|V,GF|MILK|290|Feta, olives, tomato and cucumber
Millet Khichdi|Mains|VG,GF,J|—|220|Foxtail millet and moong dal, gently spiced
Sprouts Chaat|Snacks|VG,GF|—|150|Sprouted lentils with lime and chaat masala
Green Detox Juice|Juices|VG,GF|—|160|Spinach, apple, cucumber and ginger
Overnight Oats|Breakfast|V|MILK,TREE_NUTS|210|Oats soaked with almond milk and berries
Grilled Fish with Veg|Mains|GF|FISH|420|Basa fillet with sauteed vegetables`,
  Desserts: `
Belgian Chocolate Waffle|Waffles|V,E|WHEAT,EGG,MILK|220|Crisp waffle with warm chocolate sauce
Red Velvet Pastry|Cakes|V,E|WHEAT,EGG,MILK|160|Cream cheese frosting
Mango Cheesecake|Cakes|V|MILK,WHEAT|240|Baked cheesecake with Alphonso mango
Rasmalai (2 pcs)|Indian Sweets|V,GF|MILK,TREE_NUTS|140|Soft chhena discs in saffron milk
Gajar Halwa|Indian Sweets|V,GF|MILK,TREE_NUTS|150|Carrot pudding with ghee and nuts
Death by Chocolate Sundae|Ice Cream|V|MILK,WHEAT|260|Brownie, chocolate ice cream and fudge
Vegan Dark Chocolate Mousse|Desserts|VG,GF|—|200|Aquafaba mousse with 70% chocolate
Tender Coconut Ice Cream|Ice Cream|V,GF|MILK|130|Made with fresh tender coconut`,
  Thai: `
Thai Green Curry (Veg)|Mains|VG,GF|—|320|Coconut curry with Thai basil and vegetables
Thai Red Curry (Chicken)|Mains|GF|FISH|360|Red curry with bamboo shoots
Pad Thai (Tofu)|Noodles|VG|PEANUTS,SOY|320|Rice noodles with tamarind, peanuts and tofu
Pad Thai (Prawn)|Noodles|E|PEANUTS,SHELLFISH,EGG|380|Classic pad thai with prawns
Tom Yum Soup|Soups|GF|SHELLFISH|220|Hot and sour lemongrass soup
Som Tam|Salads|VG,GF|PEANUTS|240|Green papaya salad
Basil Fried Rice|Rice|VG,GF|SOY|260|Jasmine rice with holy basil and chilli
Mango Sticky Rice|Desserts|VG,GF|—|220|Sweet coconut sticky rice with mango`,
  Burgers: `
Classic Veg Burger|Burgers|V|WHEAT,MILK|180|Crisp veg patty, lettuce and house sauce
Crispy Chicken Burger|Burgers|H|WHEAT,EGG|220|Buttermilk fried chicken with slaw
Double Cheese Smash Burger|Burgers||WHEAT,MILK|320|Two smashed patties and cheddar
Paneer Tikka Burger|Burgers|V|WHEAT,MILK|210|Tandoori paneer in a brioche bun
Vegan Beyond Burger|Burgers|VG|WHEAT,SOY|340|Plant-based patty with vegan mayo
Peri Peri Fries|Sides|VG,GF|—|120|Fries tossed in peri peri spice
Onion Rings|Sides|V|WHEAT,MILK|130|Beer-battered onion rings
Chocolate Shake|Beverages|V,GF|MILK|170|Thick chocolate milkshake`,
  Bengali: `
Kosha Mangsho|Mains|H,GF|—|380|Slow-cooked spicy mutton
Shorshe Ilish|Mains|GF|FISH,MUSTARD|480|Hilsa in mustard gravy
Chingri Malai Curry|Mains|GF|SHELLFISH|420|Prawns in coconut milk
Aloo Posto|Mains|VG,GF|—|180|Potatoes with poppy seed paste
Luchi (4 pcs)|Breads|VG|WHEAT|70|Puffed fried bread
Cholar Dal|Mains|V,GF|TREE_NUTS|160|Bengal gram with coconut and raisins
Mishti Doi|Desserts|V,GF|MILK|80|Sweet fermented yoghurt
Rosogolla (2 pcs)|Desserts|V,GF|MILK|70|Spongy chhena balls in syrup`,
};

const TAGS: Record<string, string> = {
  V: 'VEGETARIAN',
  VG: 'VEGAN',
  GF: 'GLUTEN_FREE',
  J: 'JAIN',
  H: 'HALAL',
  E: 'CONTAINS_EGG',
};

export interface DemoDish {
  name: string;
  category: string;
  dietaryTags: string[];
  allergens: string[];
  /** Rupees; the seed turns it into paise. */
  price: number;
  description: string;
}

function parse(block: string): DemoDish[] {
  return block
    .trim()
    .split('\n')
    .map((line) => {
      const [name = '', category = '', tags = '', allergens = '', price = '0', description = ''] =
        line.split('|');
      return {
        name,
        category,
        dietaryTags: tags === '' ? [] : tags.split(',').map((t) => TAGS[t] ?? t),
        allergens: allergens === '—' || allergens === '' ? [] : allergens.split(','),
        price: Number(price),
        description,
      };
    });
}

export const DISHES_BY_CUISINE: ReadonlyMap<string, readonly DemoDish[]> = new Map(
  Object.entries(RAW).map(([cuisine, block]) => [cuisine, parse(block)]),
);

export const CUISINES: readonly string[] = [...DISHES_BY_CUISINE.keys()];

/** Drinks and sweets most kitchens add to their menu. */
export const COMMON_DISHES: readonly DemoDish[] = parse(`
Fresh Lime Soda|Beverages|VG,GF|—|70|Sweet or salted, with fresh lime
Mango Lassi|Beverages|V,GF|MILK|110|Thick yoghurt drink with Alphonso mango
Buttermilk|Beverages|V,GF|MILK|50|Spiced chaas with curry leaves
Mineral Water (1 L)|Beverages|VG,GF,J|—|30|Sealed bottle
Sweet Lassi|Beverages|V,GF|MILK|90|Chilled sweet yoghurt drink
Vanilla Ice Cream|Desserts|V,GF|MILK|90|Two scoops
Green Salad|Sides|VG,GF,J|—|90|Cucumber, carrot, onion and lemon
Papad|Sides|VG,GF|—|30|Roasted or fried`);
