// Every processor this worker process can run. A queue with no processor here is a bug.
import type { QueueKey } from "@/lib/queues/definitions";
import type { Processor } from "./runtime";
import { systemProcessor } from "./processors/system";

export const processors: Array<Processor<QueueKey>> = [systemProcessor as Processor<QueueKey>];
processors.push((await import("./processors/media-transcode")).mediaTranscodeProcessor as Processor<QueueKey>);
processors.push((await import("./processors/contact-import")).contactImportProcessor as Processor<QueueKey>);
processors.push((await import("./processors/campaign-fanout")).campaignFanoutProcessor as Processor<QueueKey>);
processors.push((await import("./processors/campaign-dispatch")).campaignDispatchProcessor as Processor<QueueKey>);
processors.push((await import("./processors/campaign-sweep")).campaignSweepProcessor as Processor<QueueKey>);
processors.push((await import("./processors/inbound-events")).inboundEventsProcessor as Processor<QueueKey>);
