namespace NndlPS.Core.Kernels;

/// <summary>A product split into shares: <see cref="WorkerPool"/> calls <see cref="RunShare"/> once per share.</summary>
internal interface IShareWork
{
    void RunShare(int share);
}
