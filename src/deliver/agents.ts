/**
 * The agent screen: agents' consoles hold a WebSocket open; a delivery for the `agent` channel goes to
 * the customer's agent (the `agent` attribute) or, without one, to any agent connected to the default
 * desk. With no agent connected the attempt fails as retryable, so the dispatcher tries later.
 * Messages are JSON `{type: "recommendation", deliveryId, customerId, offerId, title, body}`; a
 * delivery sent twice carries the same deliveryId, and screens show it once.
 */
import { type Channel, ChannelError } from "./channel.js";

/** What the hub needs of a socket: `ws` WebSockets fit. */
export interface AgentSocket {
  readonly readyState: number;
  send(data: string, callback?: (error?: Error) => void): void;
}

const OPEN = 1;

export class AgentHub {
  private readonly screens = new Map<string, Set<AgentSocket>>();
  private next = 0;

  /** Registers a screen for an agent; answers the function that removes it. */
  connect(agent: string, socket: AgentSocket): () => void {
    let set = this.screens.get(agent);
    if (!set) {
      set = new Set();
      this.screens.set(agent, set);
    }
    set.add(socket);
    return () => {
      set.delete(socket);
      if (set.size === 0) this.screens.delete(agent);
    };
  }

  get connected(): number {
    let n = 0;
    for (const set of this.screens.values()) n += set.size;
    return n;
  }

  /** Sends to every open screen of the agent (or of any agent when none is named). Answers how many. */
  async push(agent: string | undefined, message: unknown): Promise<number> {
    let targets: AgentSocket[];
    if (agent) targets = [...(this.screens.get(agent) ?? [])];
    else {
      // No agent named: one agent, taken in turn, so recommendations spread over the desk.
      const agents = [...this.screens.keys()];
      const pick = agents.length ? agents[this.next++ % agents.length] : undefined;
      targets = pick ? [...(this.screens.get(pick) ?? [])] : [];
    }
    const open = targets.filter((s) => s.readyState === OPEN);
    const text = JSON.stringify(message);
    await Promise.all(
      open.map(
        (socket) =>
          new Promise<void>((resolve, reject) =>
            socket.send(text, (error) => (error ? reject(error) : resolve())),
          ),
      ),
    );
    return open.length;
  }
}

export function agentChannel(hub: AgentHub): Channel {
  return {
    name: "agent",
    async send(message) {
      const sent = await hub.push(message.recipient.agent, {
        type: "recommendation",
        deliveryId: message.deliveryId,
        customerId: message.recipient.customerId,
        offerId: message.offerId,
        title: message.title,
        body: message.body,
      });
      if (sent === 0)
        throw new ChannelError(
          message.recipient.agent
            ? `agent '${message.recipient.agent}' is not connected`
            : "no agent screen is connected",
          { retryable: true },
        );
      return {};
    },
  };
}
