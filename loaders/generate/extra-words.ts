// Words the fact-mode generator may put into questions beyond its vocabulary and MOMA-LRG's: everyday
// things and actions that the model's own word lists (loaders/model/lexicon.ts) do not know, so that a
// model trained on its questions cannot learn "only words I have a list for can be missing". Written by
// the project from general knowledge.

export const EXTRA_OBJECTS = [
  "colander", "oven mitt", "salt shaker", "pepper grinder", "coffee maker", "dishwasher", "freezer", "stove", "wok", "skillet",
  "teacup", "saucer", "jug", "pitcher", "lid", "corkscrew", "can opener", "funnel", "measuring cup", "curtain", "rug", "carpet",
  "doormat", "cushion", "quilt", "mattress", "nightstand", "dresser", "hanger", "iron", "ironing board", "vacuum cleaner",
  "dustpan", "light bulb", "chandelier", "fireplace", "picture frame", "painting", "poster", "doorbell", "mailbox", "padlock",
  "thermostat", "ceiling fan", "heater", "candle holder", "flower pot", "aquarium", "birdcage", "dollhouse", "teddy bear",
  "toy car", "puzzle", "board game", "dice", "playing cards", "crayon", "sketchbook", "stapler", "paper clip", "stamp",
  "trophy", "medal", "ribbon", "badge", "binoculars", "compass", "flashlight", "lantern", "sleeping bag", "paddle",
  "life jacket", "snorkel", "goggles", "sunscreen", "traffic cone", "parking meter", "fire hydrant", "billboard",
  "shopping cart", "cash register", "vending machine", "escalator", "elevator", "turnstile", "wheelbarrow", "lawn mower",
  "sprinkler", "birdhouse", "scarecrow", "hay bale", "saddle", "horseshoe", "kennel", "collar", "dog bowl", "pet carrier",
  "guitar case", "drumstick", "amplifier", "tripod", "spotlight", "stopwatch", "scoreboard", "hurdle", "javelin",
  "shuttlecock", "hockey stick", "puck", "baseball bat", "golf club", "golf ball", "bowling pin", "stretcher", "crutch",
  "pill bottle", "inhaler", "face mask", "hard hat", "safety vest", "crowbar", "sledgehammer", "paint roller", "spray can",
  "extension cord", "battery", "charger", "headset", "webcam", "router", "desk lamp",
  "plumber", "electrician", "lawyer", "pilot", "sailor", "soldier", "janitor", "tailor", "baker", "butcher", "florist",
  "juggler", "clown", "magician", "acrobat", "skater", "hiker", "fisherman", "bride", "groom", "tour guide", "security guard",
  "owl", "eagle", "fox", "deer", "frog", "snake", "lizard", "bee", "butterfly", "spider", "rat", "hedgehog", "lamb", "calf",
  "pony", "goldfish", "canary", "llama", "camel", "elephant", "giraffe", "zebra", "monkey", "penguin", "dolphin", "swan",
];

/** Actions with an object, as they follow "is" ("polishing", "reaching for"). */
export const EXTRA_TRANSITIVE = [
  "polishing", "stacking", "sorting", "measuring", "weighing", "scrubbing", "sweeping", "dusting", "ironing", "sewing",
  "knitting", "tying", "untying", "wrapping", "unwrapping", "kneading", "squeezing", "bouncing", "juggling", "spinning",
  "twisting", "flipping", "balancing", "photographing", "filming", "sketching", "drawing", "erasing", "signing", "stamping",
  "counting", "inspecting", "sniffing", "licking", "biting", "scratching", "nudging", "patting", "tickling", "rocking",
  "swinging", "loading", "unloading", "packing", "unpacking", "locking", "unlocking", "ringing", "dialing", "texting",
  "unplugging", "recording", "mopping", "vacuuming", "rinsing", "drying", "planting", "digging", "trimming", "raking",
  "harvesting", "milking", "saddling", "steering", "towing", "tightening", "loosening", "hammering", "drilling", "gluing",
  "taping", "whisking", "blending", "grilling", "roasting", "toasting", "buttering", "decorating", "lighting", "carving",
  "searching for", "reaching for", "leaning over", "stepping over", "crawling under", "hiding behind", "staring at",
  "frowning at", "nodding at", "yelling at", "winking at",
];

export const EXTRA_INTRANSITIVE = [
  "yawning", "sneezing", "coughing", "shivering", "stumbling", "tiptoeing", "hopping", "skipping", "bowing", "napping",
  "whistling", "humming", "giggling", "sighing", "pacing", "limping", "jogging", "sprinting", "skating", "surfing",
  "diving", "floating", "rowing", "praying", "meditating", "shrugging", "blushing", "frowning", "panting", "rolling over",
];

/** Phrases a question may carry that name nothing in the video ("at the beginning", "carefully"). */
export const FILLERS = [
  "carefully", "quickly", "slowly", "calmly", "repeatedly", "happily", "nervously", "at the beginning", "later on",
  "at the end of the clip", "in this scene", "for a while", "once again", "for the first time",
];
