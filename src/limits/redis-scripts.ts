// The Lua that makes the shared limiter atomic: Redis runs each script alone, so two instances can
// never both take the last token or the last slot. Time comes from Redis (TIME), not from the
// instances, so their clocks need not agree.

/** The server's time in ms, shared by the scripts. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: bucket hash, slots sorted set. ARGV: tokens per ms, burst, concurrency, slot ttl ms, slot id.
 * Returns {1, 0, 'ok'} or {0, retry_after_ms, 'rate' | 'concurrency'}.
 * A slot is a sorted-set member scored by its expiry: a crashed instance stops refreshing its slots,
 * and they fall out here once their ttl passes, so its users are not locked out for ever.
 */
export const ACQUIRE = `${NOW}
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= cap then
    return {0, 1000, 'concurrency'}
  end
end
if rate > 0 then
  local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
  local tokens = burst
  if b[1] then
    tokens = math.min(burst, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) * rate)
  end
  if tokens < 1 then
    return {0, math.ceil((1 - tokens) / rate), 'rate'}
  end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', tostring(now))
  -- Once it would be full again the bucket carries no information: let it expire.
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
end
if cap > 0 then
  redis.call('ZADD', KEYS[2], now + ttl, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ttl + 1000)
end
return {1, 0, 'ok'}`;

/** KEYS: slots. ARGV: slot ttl ms, slot id. Pushes a live slot's expiry forward; 0 if it was lost. */
export const HEARTBEAT = `${NOW}
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + 1000)
  return 1
end
return 0`;

/** KEYS: slots. ARGV: slot id. */
export const RELEASE = `return redis.call('ZREM', KEYS[1], ARGV[1])`;
