using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Vern.Intake.Tests;

/// <summary>Issue 18, "Kill tests": <c>vern serve</c> runs as a process of its own; senders post reports and retry each until
/// they hold a receipt; the server is killed with SIGKILL at random moments (no shutdown, no checkpoint) and started again,
/// 25 times in CI (about 4 s a round on the 2-core CI machine keeps it under two minutes) and 120 times in
/// bench/intake-kill.sh (docs/intake.md has the figures). At the end every report that got a receipt is stored exactly once, under that receipt, and none is
/// stored twice. VERN_KILL_ROUNDS sets the rounds; the figures go to the test output
/// and, with VERN_KILL_REPORT=FILE, to a file.</summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private const int Senders = 4;

    [Fact]
    [Trait("Issue", "18")]
    public async Task KilledServer_EveryReceiptedReportIsStoredExactlyOnce_NoneTwice()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("VERN_KILL_ROUNDS"), out var r) ? r : 25;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("VERN_KILL_SEED"), out var s) ? s : 18;
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var receipts = new ConcurrentDictionary<string, Guid>();
        long attempts = 0, failures = 0, repeated = 0, next = 0, inFlight = 0, killsInFlight = 0;
        var stopSending = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", f.SenderSecret);

        async Task Send()
        {
            while (!stopSending.IsCancellationRequested)
            {
                var messageId = $"kill-{Interlocked.Increment(ref next)}";
                var body = IntakeFixture.Report(messageId);
                while (true) // retry this message until it has a receipt
                {
                    Interlocked.Increment(ref attempts);
                    Interlocked.Increment(ref inFlight);
                    try
                    {
                        using var response = await http.PostAsync($"{baseUrl}/api/v1/intake/reports", new StringContent(body, Encoding.UTF8, "application/json"));
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
                            var id = receipt.GetProperty("receiptId").GetGuid();
                            Assert.Equal(id, receipts.GetOrAdd(messageId, id));
                            if (receipt.GetProperty("repeated").GetBoolean())
                                Interlocked.Increment(ref repeated);
                            break;
                        }
                        Assert.Fail($"{messageId}: unexpected {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(50);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }
            }
        }

        var rng = new Random(seed);
        var kills = 0;
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(Send)).ToList();
        for (; kills < rounds; kills++)
        {
            using var server = StartServer(f.DbPath, baseUrl);
            await WaitUntilReady(http, baseUrl, server);
            await Task.Delay(rng.Next(0, 250));
            if (Interlocked.Read(ref inFlight) > 0)
                killsInFlight++;
            server.Kill(); // SIGKILL
            await server.WaitForExitAsync();
        }
        // A last server, not killed: every sender finishes the report it holds.
        using (var last = StartServer(f.DbPath, baseUrl))
        {
            await WaitUntilReady(http, baseUrl, last);
            await stopSending.CancelAsync();
            await Task.WhenAll(senders);
            last.Kill();
            await last.WaitForExitAsync();
        }

        // The database as the killed servers left it, read with plain SQL.
        using var c = new SqliteConnection($"Data Source={f.DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", cmd.ExecuteScalar());
        var stored = new Dictionary<string, List<Guid>>();
        cmd.CommandText = "SELECT message_id, receipt_id FROM intake_reports WHERE sender = 'meldeportal'";
        using (var rows = cmd.ExecuteReader())
            while (rows.Read())
                (stored.TryGetValue(rows.GetString(0), out var list) ? list : stored[rows.GetString(0)] = []).Add(Guid.Parse(rows.GetString(1)));
        var storedOnce = receipts.Count(p => stored.TryGetValue(p.Key, out var l) && l.Count == 1 && l[0] == p.Value);
        var duplicates = stored.Values.Sum(l => l.Count - 1);
        var lost = receipts.Count(p => !stored.ContainsKey(p.Key));
        var unreceipted = stored.Keys.Count(k => !receipts.ContainsKey(k));

        var figures = string.Create(CultureInfo.InvariantCulture, $"""
            Kill test (issue 18): {kills} SIGKILLs of `vern serve` at random moments ({killsInFlight} with requests in flight), {Senders} senders, seed {seed}, {watch.Elapsed.TotalSeconds:0} s
              attempts (HTTP posts):                  {attempts}
              failed attempts (connection lost):      {failures}
              receipts (reports the senders hold):    {receipts.Count}
              of them answered as a resend (repeated): {repeated}
              stored exactly once under its receipt:  {storedOnce}
              stored twice or more (duplicates):      {duplicates}
              receipted but not stored (lost):        {lost}
              stored without a receipt:               {unreceipted}
            """);
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("VERN_KILL_REPORT") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, figures + "\n");

        Assert.Equal(rounds, kills);
        Assert.True(receipts.Count > 0, "no report got a receipt");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, lost);
        Assert.Equal(receipts.Count, storedOnce);
        Assert.Equal(0, unreceipted);
    }

    private static Process StartServer(string db, string url)
    {
        var psi = VernProcess.StartInfo(db, null, "serve", "--urls", url);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitUntilReady(HttpClient http, string baseUrl, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
                throw new InvalidOperationException($"vern serve exited with {server.ExitCode} before it was ready");
            try
            {
                using var response = await http.GetAsync($"{baseUrl}/css/vern.css");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("vern serve did not start in 60 s");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
