export { queues, defaultJobOptions, jobId, type QueueKey, type Payload } from "./definitions";
export { enqueue, enqueueBulk, getQueue, closeQueues } from "./producer";
