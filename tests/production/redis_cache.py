"""A Redis cache for test processes that share a Redis server: clear() removes this process's keys only."""

from django.core.cache.backends.redis import RedisCache


class PrefixClearingRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
