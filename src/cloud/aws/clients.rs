//! The SDK clients of one scope: one per service, each built from the scope's configuration
//! and carrying the call counter that the API meter reads.

use aws_config::{Region, SdkConfig};

use super::accounting::CallCounter;

/// The SDK clients of one scope, all carrying the call counter.
#[derive(Debug)]
pub(super) struct Clients {
    config: SdkConfig,
    pub(super) rds: aws_sdk_rds::Client,
    pub(super) cloudwatch: aws_sdk_cloudwatch::Client,
    pub(super) pi: aws_sdk_pi::Client,
    pub(super) autoscaling: aws_sdk_autoscaling::Client,
    pub(super) kms: aws_sdk_kms::Client,
    pub(super) ec2: aws_sdk_ec2::Client,
}

impl Clients {
    pub(super) fn new(config: SdkConfig, counter: &CallCounter) -> Self {
        let rds = aws_sdk_rds::config::Builder::from(&config).interceptor(counter.clone()).build();
        let cloudwatch = aws_sdk_cloudwatch::config::Builder::from(&config).interceptor(counter.clone()).build();
        let pi = aws_sdk_pi::config::Builder::from(&config).interceptor(counter.clone()).build();
        let autoscaling = aws_sdk_autoscaling::config::Builder::from(&config).interceptor(counter.clone()).build();
        let kms = aws_sdk_kms::config::Builder::from(&config).interceptor(counter.clone()).build();
        let ec2 = aws_sdk_ec2::config::Builder::from(&config).interceptor(counter.clone()).build();
        Self {
            rds: aws_sdk_rds::Client::from_conf(rds),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(cloudwatch),
            pi: aws_sdk_pi::Client::from_conf(pi),
            autoscaling: aws_sdk_autoscaling::Client::from_conf(autoscaling),
            kms: aws_sdk_kms::Client::from_conf(kms),
            ec2: aws_sdk_ec2::Client::from_conf(ec2),
            config,
        }
    }

    /// An RDS client of the same profile in another region (for cross-region copies).
    pub(super) fn rds_in(&self, region: &str, counter: &CallCounter) -> aws_sdk_rds::Client {
        let config = aws_sdk_rds::config::Builder::from(&self.config)
            .region(Region::new(region.to_owned()))
            .interceptor(counter.clone())
            .build();
        aws_sdk_rds::Client::from_conf(config)
    }
}
