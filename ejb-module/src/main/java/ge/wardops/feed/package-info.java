/**
 * The live feeds' hubs (devices: {@link ge.wardops.feed.DevicesFeedHub}; alerts:
 * {@link ge.wardops.feed.AlertsFeedHub}; events: {@link ge.wardops.feed.EventsFeedHub}, on the same subscription machinery). The device feed's hub: who is connected with which regional scope, and what each of them
 * is sent (a snapshot, then only the state changes of their regions, sequence-numbered). Knows
 * nothing of WebSocket: the web module adapts a WebSocket session to a {@link ge.wardops.feed.FeedSink}.
 * Must not probe, decide states nor write anything.
 */
package ge.wardops.feed;
