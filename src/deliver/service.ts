/**
 * Everything a serving process needs to deliver: the inbox and agent hubs (in-process listeners), the
 * built-in channels (inbox, agent screen), the external ones configured in the channels file (webhook,
 * e-mail, SMS, enterprise chat), and a dispatcher over all of them when this process dispatches.
 */
import type { Logger } from "../core/index.js";
import type { Store } from "../store/index.js";
import { AgentHub, agentChannel } from "./agents.js";
import type { Channel } from "./channel.js";
import { buildChannels, loadChannelsConfig } from "./channels/index.js";
import { Dispatcher, type DispatcherOptions } from "./dispatcher.js";
import { InboxHub, inboxChannel } from "./inbox.js";

export interface Delivery {
  inbox: InboxHub;
  agents: AgentHub;
  channels: Channel[];
  /** Present when this process dispatches. */
  dispatcher: Dispatcher | undefined;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  /** The channels file (YAML or JSON); only inbox and agent screen without one. */
  channelsFile?: string;
  /** Channels built by the caller, added to the configured ones (tests, embedders). */
  channels?: Channel[];
  dispatch?: boolean;
  dispatcher?: Omit<DispatcherOptions, "logger">;
  logger?: Logger;
}

export async function startDelivery(store: Store, options: DeliveryOptions = {}): Promise<Delivery> {
  const inbox = new InboxHub();
  const agents = new AgentHub();
  const configured = options.channelsFile
    ? buildChannels(await loadChannelsConfig(options.channelsFile))
    : [];
  const channels = [
    inboxChannel(store, inbox),
    agentChannel(agents),
    ...configured,
    ...(options.channels ?? []),
  ];
  const dispatcher = options.dispatch
    ? new Dispatcher(store, channels, { ...options.dispatcher, logger: options.logger })
    : undefined;
  dispatcher?.start();
  return {
    inbox,
    agents,
    channels,
    dispatcher,
    async close() {
      if (dispatcher) await dispatcher.close();
      else await Promise.all(channels.map((c) => c.close?.()));
    },
  };
}
