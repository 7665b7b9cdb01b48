namespace Sanitas.Collaboration;

/// <summary>How the centres combine what they compute (the consortium file's <c>protocol:</c>).</summary>
public enum FederationProtocol
{
    /// <summary>Federated averaging of local models, sent in the clear to the coordinator (McMahan et al. 2017).</summary>
    FedAvg,

    /// <summary>FedAvg with the proximal term μ/2‖w − w_g‖² in the local objective (Li et al. 2020).</summary>
    FedProx,

    /// <summary>Federated Newton steps whose gradient and Hessian sums go through secure aggregation (Bonawitz et al. 2017).</summary>
    SecAgg,

    /// <summary>Federated Newton steps whose sums go through additive secret sharing among the centres.</summary>
    Smpc,

    /// <summary>Federated Newton steps on sums encrypted under threshold Paillier, decrypted only by t centres together (Lu et al. 2020).</summary>
    ThresholdHe,
}
