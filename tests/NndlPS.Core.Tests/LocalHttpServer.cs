using System.Net;
using System.Net.Sockets;

namespace NndlPS.Core.Tests;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for the download tests: each path answers with a chosen behaviour (a file, a
/// 404, a body cut short, a stall). Nothing leaves the machine.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public List<string> Requests { get; } = [];

    public Uri Mirror(string name) => new(BaseAddress, name + "/");

    public void File(string path, byte[] body) => _routes[path] = async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    };

    public void Truncated(string path, byte[] body) => _routes[path] = async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await context.Response.OutputStream.FlushAsync();
        context.Response.Abort(); // the connection drops mid-body
    };

    /// <summary>Sends <paramref name="body"/> in ten pieces, <paramref name="gap"/> apart: slow but never silent for long.</summary>
    public void Trickle(string path, byte[] body, TimeSpan gap, int pieces = 10) => _routes[path] = async context =>
    {
        context.Response.ContentLength64 = body.Length;
        int piece = (body.Length + pieces - 1) / pieces;
        for (int start = 0; start < body.Length; start += piece)
        {
            await context.Response.OutputStream.WriteAsync(body.AsMemory(start, Math.Min(piece, body.Length - start)));
            await context.Response.OutputStream.FlushAsync();
            await Task.Delay(gap, _stop.Token);
        }

        context.Response.Close();
    };

    /// <summary>Sends zeros without a Content-Length until the client hangs up (or 1 GiB, so a broken client cannot keep it going).</summary>
    public void Endless(string path) => _routes[path] = async context =>
    {
        context.Response.SendChunked = true;
        byte[] chunk = new byte[1 << 16];
        for (int sent = 0; sent < 1 << 30 && !_stop.IsCancellationRequested; sent += chunk.Length)
        {
            await context.Response.OutputStream.WriteAsync(chunk, _stop.Token);
        }

        context.Response.Abort();
    };

    public void Stalled(string path, byte[] body) => _routes[path] = async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, 10));
        await context.Response.OutputStream.FlushAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        context.Response.Abort();
    };

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            string path = context.Request.Url!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add(path);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    if (_routes.TryGetValue(path, out Func<HttpListenerContext, Task>? route))
                    {
                        await route(context);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                        context.Response.Close();
                    }
                }
                catch (Exception)
                {
                    // The client went away; nothing to do.
                }
            });
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
