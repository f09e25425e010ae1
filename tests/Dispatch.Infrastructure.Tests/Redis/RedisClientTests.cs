using System.Text;
using Dispatch.Infrastructure.Redis;
using Dispatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dispatch.Infrastructure.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisClientTests(RedisServer redis)
{
    private static RedisClient Client(string configuration) =>
        new(RedisOptions.Parse(configuration), NullLogger<RedisClient>.Instance);

    private static async Task<T> Eventually<T>(Func<Task<T>> attempt, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task A_pipeline_of_400_commands_is_one_round_trip_with_replies_in_order()
    {
        await using var client = Client(redis.Configuration);
        var prefix = $"t:{Guid.NewGuid():N}:";
        List<RedisCommand> commands = [];
        for (var i = 0; i < 200; i++)
        {
            commands.Add(new RedisCommand("SET", prefix + i, $"值{i}"));
            commands.Add(new RedisCommand("GET", prefix + i));
        }

        var replies = await client.PipelineAsync(commands);

        client.RoundTrips.ShouldBe(1);
        client.Commands.ShouldBe(400);
        replies.Count.ShouldBe(400);
        for (var i = 0; i < 200; i++)
        {
            replies[2 * i].AsString().ShouldBe("OK");
            replies[(2 * i) + 1].AsString().ShouldBe($"值{i}");
        }
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_replies()
    {
        await using var client = Client(redis.Configuration);
        var prefix = $"t:{Guid.NewGuid():N}:";
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var replies = await client.PipelineAsync([new RedisCommand("SET", prefix + i, i), new RedisCommand("INCR", prefix + i)]);
            return (i, replies[1].AsInteger());
        }));

        results.ShouldAllBe(r => r.Item2 == r.i + 1);
    }

    [Fact]
    public async Task A_server_error_names_the_command_and_leaves_the_connection_usable()
    {
        await using var client = Client(redis.Configuration);
        var key = $"t:{Guid.NewGuid():N}";
        await client.ExecuteAsync(new RedisCommand("SET", key, "text"));

        var error = await Should.ThrowAsync<RedisServerException>(() => client.ExecuteAsync(new RedisCommand("LPUSH", key, "x")));

        error.Message.ShouldStartWith("Redis rejected LPUSH: WRONGTYPE");
        (await client.ExecuteAsync(new RedisCommand("GET", key))).AsString().ShouldBe("text");
    }

    [Fact]
    public async Task Auth_and_select_run_on_connect_and_a_wrong_password_says_so()
    {
        using var secured = RedisServer.WithPassword("s3cret-口令");
        await using var three = Client(secured.Configuration + ",database=3");
        await using var zero = Client(secured.Configuration);
        await three.ExecuteAsync(new RedisCommand("SET", "where", "three"));

        (await three.ExecuteAsync(new RedisCommand("GET", "where"))).AsString().ShouldBe("three");
        (await zero.ExecuteAsync(new RedisCommand("GET", "where"))).IsNull.ShouldBeTrue();

        await using var wrong = Client($"127.0.0.1:{secured.Port},password=wrong");
        var error = await Should.ThrowAsync<RedisConnectionException>(() => wrong.ExecuteAsync(new RedisCommand("PING")));
        error.Message.ShouldContain("refused the credentials");
    }

    [Fact]
    public async Task Pub_sub_delivers_messages_in_order_with_the_prefix_removed()
    {
        await using var client = Client(redis.Configuration + ",prefix=pubsub-test:");
        var received = new List<string>();
        var three = new TaskCompletionSource();
        await using var subscription = client.Subscribe(["notices", "other"], (channel, payload) =>
        {
            lock (received)
            {
                received.Add($"{channel}={Encoding.UTF8.GetString(payload)}");
                if (received.Count == 3)
                {
                    three.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        await subscription.Ready.WaitAsync(TimeSpan.FromSeconds(10));

        (await client.PublishAsync("notices", "一")).ShouldBe(1);
        await client.PublishAsync("other", "二");
        await client.PublishAsync("notices", "三");
        await three.Task.WaitAsync(TimeSpan.FromSeconds(10));

        received.ShouldBe(["notices=一", "other=二", "notices=三"]);
    }

    [Fact]
    public async Task After_the_server_restarts_commands_and_subscriptions_recover_by_themselves()
    {
        using var server = new RedisServer();
        await using var client = Client(server.Configuration);
        var resubscribed = new TaskCompletionSource();
        var message = new TaskCompletionSource<string>();
        await using var subscription = client.Subscribe(["c"], (_, payload) =>
        {
            message.TrySetResult(Encoding.UTF8.GetString(payload));
            return Task.CompletedTask;
        }, () =>
        {
            resubscribed.TrySetResult();
            return Task.CompletedTask;
        });
        await subscription.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        await client.ExecuteAsync(new RedisCommand("SET", "k", "before"));

        server.Stop();
        await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("GET", "k")));
        var fast = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("GET", "k")));
        fast.Message.ShouldContain("unavailable");
        server.Start();

        var after = await Eventually(() => client.ExecuteAsync(new RedisCommand("SET", "k", "after")), TimeSpan.FromSeconds(10));
        after.AsString().ShouldBe("OK");
        await resubscribed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        subscription.Resubscriptions.ShouldBe(1);
        await client.PublishAsync("c", "回来了");
        (await message.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("回来了");
    }

    [Fact]
    public async Task An_idempotent_pipeline_survives_a_restart_between_calls()
    {
        using var server = new RedisServer();
        await using var client = Client(server.Configuration);
        await client.ExecuteAsync(new RedisCommand("PING"));
        server.Stop();
        server.Start();

        var replies = await client.PipelineAsync([new RedisCommand("SET", "k", "v")], idempotent: true);

        replies[0].AsString().ShouldBe("OK");
    }

    [Fact]
    public async Task A_server_that_hangs_up_mid_reply_gives_a_clear_error_and_the_next_call_reconnects()
    {
        await using var fake = new FakeRedis(FakeRedis.Answer("$10\r\nabc", hangUp: true), FakeRedis.Answer("+PONG\r\n"));
        await using var client = Client(fake.Configuration);

        var error = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("GET", "k")));
        error.Message.ShouldContain("closed the connection in the middle of a reply");

        var pong = await Eventually(() => client.ExecuteAsync(new RedisCommand("PING")), TimeSpan.FromSeconds(5));
        pong.AsString().ShouldBe("PONG");
    }

    [Theory]
    [InlineData("$99999999999\r\n", "bulk length of 99999999999")]
    [InlineData("*-5\r\n", "array length of -5")]
    [InlineData("?what\r\n", "unknown reply type '?'")]
    [InlineData(":12a\r\n", "malformed integer")]
    [InlineData("+OK\n", "does not end with CRLF")]
    [InlineData("$3\r\nabcXY", "bulk string that does not end with CRLF")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "nested deeper than 8")]
    public async Task A_hostile_reply_is_refused_with_a_protocol_error(string reply, string expected)
    {
        await using var fake = new FakeRedis(FakeRedis.Answer(reply));
        await using var client = Client(fake.Configuration);

        var error = await Should.ThrowAsync<RedisProtocolException>(() => client.ExecuteAsync(new RedisCommand("GET", "k")));

        error.Message.ShouldContain(expected);
        client.IsConnected.ShouldBeFalse();
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        await using var fake = new FakeRedis(FakeRedis.Silence);
        await using var client = Client(fake.Configuration);
        var started = DateTime.UtcNow;

        var error = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("GET", "k")));

        error.Message.ShouldContain("did not answer GET within 1 s");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Nobody_listening_fails_fast_during_the_backoff()
    {
        await using var client = Client($"127.0.0.1:{FreePort.Next()},connectTimeout=1000,maxBackoff=5000");

        var first = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("PING")));
        var second = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new RedisCommand("PING")));

        first.Message.ShouldContain("is unavailable: ConnectionRefused");
        second.Message.ShouldContain("next attempt in");
    }

    [Theory]
    [InlineData("redis.local", "redis.local", 6379, 0, null)]
    [InlineData("10.0.0.5:6380,password=p@ss,database=2,syncTimeout=250", "10.0.0.5", 6380, 2, "p@ss")]
    public void The_configuration_string_is_parsed(string text, string host, int port, int database, string? password)
    {
        var options = RedisOptions.Parse(text);

        options.Host.ShouldBe(host);
        options.Port.ShouldBe(port);
        options.Database.ShouldBe(database);
        options.Password.ShouldBe(password);
    }

    [Theory]
    [InlineData("host:99999", "invalid port")]
    [InlineData("host,ssl", "not of the form name=value")]
    [InlineData("host,colour=blue", "unknown option 'colour'")]
    [InlineData("host,database=x", "database=x must be a whole number")]
    [InlineData("password=x", "must start with host:port")]
    public void A_bad_configuration_string_says_what_is_wrong(string text, string expected) =>
        Should.Throw<FormatException>(() => RedisOptions.Parse(text)).Message.ShouldContain(expected);
}
