/**
 * The one Lua script behind the Redis rate-limit store. Every decision about a shared budget is this script,
 * run atomically by Redis (EVALSHA) on Redis's own clock (`TIME`), so no worker reads and then writes, and
 * the clocks of the workers never matter. One call of the client costs one `take`: one round trip.
 *
 * The budget is a GCRA ("virtual scheduling") schedule in one hash, `KEYS[1]`, all times in microseconds of
 * Redis's clock:
 * - `tat`: the theoretical time the next request may go at the even pace (one `interval` after the previous
 *   reservation); a `burst` lets a request go up to `(burst - 1) * interval` before it.
 * - `blocked`: nobody sends before this time (HubSpot's headers said its window is spent).
 * - `daily`: nobody sends before this time (HubSpot's daily limit is spent).
 * `KEYS[2]` is a sorted set of the workers that took a slot in the last minute (member: the store's id,
 * score: the time), which gives each worker its share of the rate if Redis goes away.
 *
 * Both keys get a TTL on every write: the hash lives until its last time has passed (plus a second), the set
 * a minute. Nothing grows with the number of calls.
 *
 * Operations (`ARGV[1]`):
 * - `take interval_us burst max_wait_us worker`: reserves the next slot and answers `{0, wait_us, workers}`;
 *   `{1, reset_us, workers}` while the daily stop holds (nothing reserved); `{2, wait_us, workers}` when the
 *   wait would exceed `max_wait_us` (>= 0; nothing reserved, so a caller that gives up costs the others nothing).
 * - `block ms`: no request before now + ms (kept if a later block is already set). Answers `{0, 0, 0}`.
 * - `daily ms`: the daily stop, until now + ms. Answers `{1, reset_us, 0}`.
 */
export const RATE_LIMIT_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local h = redis.call('HMGET', KEYS[1], 'tat', 'blocked', 'daily')
local tat = tonumber(h[1]) or 0
local blocked = tonumber(h[2]) or 0
local daily = tonumber(h[3]) or 0
local op = ARGV[1]
local result
if op == 'take' then
  local workers = 0
  if ARGV[5] then
    redis.call('ZADD', KEYS[2], now, ARGV[5])
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000000)
    redis.call('PEXPIRE', KEYS[2], 60000)
    workers = redis.call('ZCARD', KEYS[2])
  end
  if daily > now then
    return {1, daily - now, workers}
  end
  local interval = tonumber(ARGV[2])
  local burst = tonumber(ARGV[3])
  local maxWait = tonumber(ARGV[4])
  local start = math.max(now, tat - (burst - 1) * interval, blocked)
  local wait = start - now
  if maxWait >= 0 and wait > maxWait then
    return {2, wait, workers}
  end
  tat = math.max(tat, start) + interval
  result = {0, wait, workers}
elseif op == 'block' then
  blocked = math.max(blocked, now + tonumber(ARGV[2]) * 1000)
  result = {0, 0, 0}
elseif op == 'daily' then
  daily = math.max(daily, now + tonumber(ARGV[2]) * 1000)
  result = {1, daily - now, 0}
else
  return redis.error_reply('unknown rate-limit operation')
end
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', tat), 'blocked', string.format('%.0f', blocked), 'daily', string.format('%.0f', daily))
redis.call('PEXPIRE', KEYS[1], math.ceil((math.max(tat, blocked, daily) - now) / 1000) + 1000)
return result
`;

/** SHA-1 of {@link RATE_LIMIT_SCRIPT}, for EVALSHA (a test checks it against the script). */
export const RATE_LIMIT_SCRIPT_SHA = '3ed8e022f2cb96df8da2c9486ed50ab310f26da7';
