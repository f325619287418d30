using System.Net;
using System.Net.Sockets;

namespace NndlPS.Core.Tests;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for the download tests: each path answers with a chosen behaviour (a file, a
/// 404, a body cut short, a stall). Nothing leaves the machine.
/// <para>It serves on threads of its own, never the thread pool: xunit runs test classes in parallel, and a pool
/// busy with other tests once kept a trickled body from being sent for 5 s, which the downloader rightly called a
/// stall (a real mirror is another process, whatever this one is doing). The tests that use it also run in a
/// collection without parallelism (<see cref="LocalHttpServerCollection"/>), so their timeouts time the server,
/// not the machine's other work.</para>
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Action<HttpListenerContext>> _routes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _loop;

    public LocalHttpServer()
    {
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = new Thread(Serve) { IsBackground = true, Name = "LocalHttpServer" };
        _loop.Start();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public List<string> Requests { get; } = [];

    public Uri Mirror(string name) => new(BaseAddress, name + "/");

    public void File(string path, byte[] body) => _routes[path] = context =>
    {
        context.Response.ContentLength64 = body.Length;
        context.Response.OutputStream.Write(body);
        context.Response.Close();
    };

    public void Truncated(string path, byte[] body) => _routes[path] = context =>
    {
        context.Response.ContentLength64 = body.Length;
        context.Response.OutputStream.Write(body.AsSpan(0, body.Length / 2));
        context.Response.OutputStream.Flush();
        context.Response.Abort(); // the connection drops mid-body
    };

    /// <summary>Sends <paramref name="body"/> in ten pieces, <paramref name="gap"/> apart: slow but never silent for long.</summary>
    public void Trickle(string path, byte[] body, TimeSpan gap, int pieces = 10) => _routes[path] = context =>
    {
        context.Response.ContentLength64 = body.Length;
        int piece = (body.Length + pieces - 1) / pieces;
        for (int start = 0; start < body.Length; start += piece)
        {
            context.Response.OutputStream.Write(body.AsSpan(start, Math.Min(piece, body.Length - start)));
            context.Response.OutputStream.Flush();
            if (_stop.Token.WaitHandle.WaitOne(gap))
            {
                return;
            }
        }

        context.Response.Close();
    };

    /// <summary>Sends zeros without a Content-Length until the client hangs up (or 1 GiB, so a broken client cannot keep it going).</summary>
    public void Endless(string path) => _routes[path] = context =>
    {
        context.Response.SendChunked = true;
        byte[] chunk = new byte[1 << 16];
        for (int sent = 0; sent < 1 << 30 && !_stop.IsCancellationRequested; sent += chunk.Length)
        {
            context.Response.OutputStream.Write(chunk);
        }

        context.Response.Abort();
    };

    public void Stalled(string path, byte[] body) => _routes[path] = context =>
    {
        context.Response.ContentLength64 = body.Length;
        context.Response.OutputStream.Write(body.AsSpan(0, 10));
        context.Response.OutputStream.Flush();
        _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));

        context.Response.Abort();
    };

    private void Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = _listener.GetContext();
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

            new Thread(() => Answer(path, context)) { IsBackground = true, Name = "LocalHttpServer " + path }.Start();
        }
    }

    private void Answer(string path, HttpListenerContext context)
    {
        try
        {
            if (_routes.TryGetValue(path, out Action<HttpListenerContext>? route))
            {
                route(context);
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
        _loop.Join(TimeSpan.FromSeconds(5));
    }
}

/// <summary>
/// The tests that time a <see cref="LocalHttpServer"/> (stall timeouts, slow bodies) run here, one at a time and
/// after the parallel ones, so a timeout measures the server and not the machine's other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalHttpServerCollection
{
    public const string Name = "Local HTTP server";
}
