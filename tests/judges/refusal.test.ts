// The refusal detector on hand-written phrasings, both ways. Negated answers are answers.
import { describe, expect, it } from "vitest";
import { analyzeRefusal, detectRefusal, isExistenceQuestion } from "../../loaders/judges/refusal.ts";

const refusals: Array<[question: string, response: string]> = [
  ["What color is the umbrella?", "The question is unanswerable."],
  ["What color is the umbrella?", "Unanswerable: there is no umbrella."],
  ["What color is the umbrella?", "This cannot be determined from the video."],
  ["What is the dog chasing?", "The video does not show a dog."],
  ["What is the dog chasing?", "There is no dog in the video."],
  ["What is the dog chasing?", "There isn't any dog in this clip, so I can't say."],
  ["What is the dog chasing?", "No dog is visible anywhere in the footage."],
  ["What is the dog chasing?", "I don't see a dog in the video."],
  ["What is the dog chasing?", "A dog does not appear in the video."],
  ["What is the dog chasing?", "The footage never shows a dog."],
  ["What is the dog chasing?", "I'm sorry, but I cannot answer that question based on the video."],
  ["What is the dog chasing?", "It is not possible to answer this from the video content."],
  ["What is the dog chasing?", "The premise of the question is incorrect."],
  ["What is the dog chasing?", "There is not enough information in the video to answer."],
  ["What is the dog chasing?", "I don't know."],
  ["Why is the boy throwing the ball?", "The boy does not throw the ball; he only holds it."],
  ["Why is the boy throwing the ball?", "That never happens in the video."],
  ["What is the woman in the green coat doing?", "Her coat is red, not green."],
  ["Where does the man in the blue cap go?", "His cap is actually green."],
  ["What is the man holding?", "It is hard to tell what the man is holding."],
  ["What is the man holding?", "It's unclear from the video."],
  ["What is the old man reading?", "I'm not sure the video shows an old man at all."],
  ["How many candles are on the cake?", "The video doesn't include a cake, so the number of candles cannot be given."],
  // A colour the question asserts, denied (issue 13, item 15: only such a colour is a premise).
  ["Why is the woman in the yellow coat running?", "Her coat is really grey; she is running for the bus."],
  ["How many people sit on the blue bench?", "The bench seems brown, so I cannot count people on a blue bench."],
];

const answers: Array<[question: string, response: string]> = [
  ["Is the man wearing a hat?", "No, the man is not wearing a hat."],
  ["Does the woman pick up the ball?", "No, the woman does not pick up the ball; she kicks it."],
  ["Is there a dog in the video?", "No, there is no dog in the video."],
  ["Does the video show a bridge?", "The video does not show a bridge."],
  ["Can you see any birds?", "I don't see any birds."],
  ["Is it raining?", "No, it is not raining. It is sunny."],
  ["What is the man slicing?", "The man is slicing tomatoes; there is no music in the video."],
  ["What color is the girl's dress?", "The girl is wearing a pink dress. No other people are visible."],
  ["What is the man wearing?", "He is wearing a suit; he is not wearing a hat."],
  ["What color is the car?", "It's hard to tell in the low light, but the car appears to be red."],
  ["How old is the man?", "I can't be certain, but he seems to be in his forties."],
  ["What is the man wearing and what is he pushing?", "He is wearing a grey hoodie. I can't tell what he is pushing."],
  ["What happens when the man tries to lift the weight?", "He can't lift the weight and drops it."],
  ["What is the title?", "The title is 'Unanswerable Questions'."],
  ["What does the narrator say?", "The narrator says the question cannot be answered easily."],
  ["What does the man not eat?", "He does not eat the broccoli."],
  ["What is the man in the red shirt doing?", "He is playing guitar; no one in a blue shirt appears."],
  ["What does the man throw?", "He throws a javelin. The landing spot isn't shown in the video."],
  ["What is the boy eating?", "An apple."],
  // Issue 13, item 15: an answer equal to the reference is no premise denial because the question names
  // another colour (the pink is the girl's, the question asks about the shirt).
  ["The girl in pink opens the door and the boy walks in. What color is the shirt?", "The shirt is white."],
  ["What colour is the car parked beside the red van?", "The car is silver."],
  ["What is the man in the green jacket carrying?", "He carries a bag, and the bag is black."],
  // What the question asks the colour of is asked, not asserted, even when a sentence before named a colour.
  ["A man in a yellow and grey coat waves. What colour is the coat?", "The coat is green."],
];

describe("detectRefusal", () => {
  it.each(refusals)("refusal: %s -> %s", (question, response) => {
    expect(detectRefusal(response, question)).toBe(true);
  });
  it.each(answers)("answer: %s -> %s", (question, response) => {
    expect(detectRefusal(response, question)).toBe(false);
  });

  it("works without a question: explicit and absence cues refuse, plain answers do not", () => {
    expect(detectRefusal("The video does not feature a lifeguard.")).toBe(true);
    expect(detectRefusal("This question cannot be answered.")).toBe(true);
    expect(detectRefusal("No, the man is not wearing a hat.")).toBe(false);
    expect(detectRefusal("The man is riding a brown horse.")).toBe(false);
  });

  it("treats an empty response as no refusal", () => {
    expect(analyzeRefusal("   ", "What is it?")).toEqual({ refused: false, cues: [], why: "empty response" });
  });

  it("says which cue decided", () => {
    expect(analyzeRefusal("There is no dog in the video.", "What is the dog doing?").why).toBe('absence: "there is no dog in the video"');
    expect(analyzeRefusal("The man is slicing tomatoes; there is no music.", "What is the man slicing?").why).toBe("cues not about the question");
  });

  it("recognises existence questions", () => {
    expect(isExistenceQuestion("Is there a cat on the sofa?")).toBe(true);
    expect(isExistenceQuestion("Does the video show any cars?")).toBe(true);
    expect(isExistenceQuestion("Is a microphone visible?")).toBe(true);
    expect(isExistenceQuestion("Is the man wearing a hat?")).toBe(false);
  });
});
