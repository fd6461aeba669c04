/** A line of the call's transcript, shared by the call assist page's parts. */
import type { CallModelVersions, CallSpeaker, CallUnderstanding } from "../../api/types";

/** One line of the transcript: a live utterance, or one read back (which names only the script model). */
export interface Line extends CallUnderstanding {
  utteranceId: string;
  turn: number;
  speaker: CallSpeaker;
  text: string;
  models: Partial<CallModelVersions>;
  createdAt: string;
}
