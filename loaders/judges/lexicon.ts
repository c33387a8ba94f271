// Word lists of the built-in judge. Small and explicit on purpose: every rule that uses them is
// documented in docs/judges.md, and a change here is a judge version bump.

/**
 * A word table without Object.prototype behind it: looked up by any word of a text, a plain object literal would
 * answer "constructor" or "valueof" with a function (seen as a number and a colour before builtin@1.1.1).
 */
function table<T>(entries: Record<string, T>): Record<string, T> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Function words and words about the video itself, which say nothing about its content. */
export const STOPWORDS = new Set(
  (
    "a an the and or but nor so yet of in on at to from by with without for about into onto over under " +
    "up down out off than then as is are was were be been being am do does did doing done has have had having " +
    "it its it's this that these those there here he she they them his her their hers theirs him we us our you your " +
    "i me my mine what which who whom whose when where why how whether if also just only very too some any all each " +
    "every both either neither other another such can could would should will shall may might must " +
    "not no yes none one's while during before after again further once more most much many few several " +
    "video clip footage scene frame frames shown show shows showing seen see sees visible appear appears appearing " +
    "depict depicts depicted depicting feature features featured featuring display displays displayed " +
    "content provided given question answer information detail details describe described mention mentioned " +
    "seem seems seemingly like likely probably perhaps possibly maybe apparently " +
    "someone something somebody thing things"
  ).split(/\s+/),
);

/** Cardinal number words (ordinals and soft counts like "a couple" say which or roughly, not how many). */
export const NUMBER_WORDS: Record<string, number> = table({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
});

/** Colour words mapped to a family: shades of one family agree, two families disagree. */
export const COLOUR_FAMILY: Record<string, string> = table({
  red: "red", reddish: "red", crimson: "red", scarlet: "red", maroon: "red", burgundy: "red", cherry: "red",
  blue: "blue", bluish: "blue", navy: "blue", azure: "blue", cobalt: "blue",
  teal: "teal", turquoise: "teal", cyan: "teal", aqua: "teal",
  green: "green", greenish: "green", olive: "green", lime: "green", emerald: "green",
  yellow: "yellow", yellowish: "yellow", gold: "yellow", golden: "yellow", mustard: "yellow",
  orange: "orange", orangish: "orange", amber: "orange",
  purple: "purple", purplish: "purple", violet: "purple", lavender: "purple", lilac: "purple", magenta: "purple",
  pink: "pink", pinkish: "pink", rose: "pink", fuchsia: "pink",
  brown: "brown", brownish: "brown", tan: "brown", chocolate: "brown", beige: "beige", khaki: "beige",
  cream: "white", white: "white", ivory: "white", whitish: "white",
  black: "black", blackish: "black",
  grey: "grey", gray: "grey", greyish: "grey", grayish: "grey", silver: "grey", charcoal: "grey",
});

/** Pairs that contradict each other when one side has one and the other the other. */
export const OPPOSITES: Array<[string, string]> = [
  ["man", "woman"], ["men", "women"], ["boy", "girl"], ["boys", "girls"], ["male", "female"],
  ["he", "she"], ["his", "her"], ["husband", "wife"], ["father", "mother"], ["son", "daughter"],
  ["left", "right"], ["indoor", "outdoor"], ["indoors", "outdoors"], ["inside", "outside"],
  ["day", "night"], ["daytime", "nighttime"], ["open", "closed"], ["win", "lose"], ["won", "lost"],
  ["before", "after"], ["beginning", "end"], ["start", "end"], ["sitting", "standing"],
];

/** Close synonyms, used when a refusal must name the perturbed element. Grouped, all-to-all. */
export const SYNONYM_GROUPS: string[][] = [
  ["cup", "mug", "glass"], ["couch", "sofa"], ["automobile", "car", "vehicle"], ["bike", "bicycle"],
  ["kid", "child"], ["baby", "infant", "toddler"], ["man", "guy", "gentleman"], ["woman", "lady"],
  ["phone", "cellphone", "smartphone"], ["tv", "television"], ["hat", "cap"], ["trash", "garbage", "rubbish"],
  ["pants", "trousers"], ["shirt", "top", "tshirt"], ["picture", "photo", "photograph"],
  ["bag", "purse", "handbag"], ["doctor", "physician"], ["police", "policeman", "officer", "cop"],
  ["grey", "gray"], ["pinkish", "pink"], ["stairs", "staircase", "steps"], ["couch", "settee"],
  ["ball", "football"], ["table", "desk"], ["chair", "seat", "stool"], ["hold", "grab", "grasp", "carry"],
  ["pick", "lift"], ["talk", "speak", "chat"], ["look", "watch", "stare", "gaze"], ["push", "shove"],
  ["wash", "clean", "rinse"], ["run", "jog", "sprint"], ["jump", "leap", "hop"], ["cut", "slice", "chop"],
];
