//! Log-linear trend fit by ordinary least squares: ln(y) = a + b * (year - year0).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLinearFit {
    /// Years used by the fit.
    pub years: Vec<i32>,
    /// Reference year (first year of the fit).
    pub year0: i32,
    /// Intercept of ln(y) at year0.
    pub a: f64,
    /// Slope of ln(y) per year.
    pub b: f64,
    /// Annual growth rate implied, exp(b) - 1.
    pub growth_rate: f64,
    /// Coefficient of determination on ln(y).
    pub r_squared: f64,
}

impl LogLinearFit {
    /// Fit on (year, value) points; needs at least two distinct years and positive values.
    pub fn fit(points: &[(i32, f64)]) -> Option<LogLinearFit> {
        let pts: Vec<(i32, f64)> = points.iter().copied().filter(|(_, v)| *v > 0.0 && v.is_finite()).collect();
        if pts.len() < 2 {
            return None;
        }
        let year0 = pts.iter().map(|p| p.0).min()?;
        let n = pts.len() as f64;
        let xs: Vec<f64> = pts.iter().map(|p| (p.0 - year0) as f64).collect();
        let ys: Vec<f64> = pts.iter().map(|p| p.1.ln()).collect();
        let mx = xs.iter().sum::<f64>() / n;
        let my = ys.iter().sum::<f64>() / n;
        let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        if sxx == 0.0 {
            return None;
        }
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let b = sxy / sxx;
        let a = my - b * mx;
        let ss_tot: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
        let ss_res: f64 = xs.iter().zip(&ys).map(|(x, y)| (y - (a + b * x)).powi(2)).sum();
        let r_squared = if ss_tot > 0.0 { 1.0 - ss_res / ss_tot } else { 1.0 };
        Some(LogLinearFit { years: pts.iter().map(|p| p.0).collect(), year0, a, b, growth_rate: b.exp() - 1.0, r_squared })
    }

    pub fn predict(&self, year: i32) -> f64 {
        (self.a + self.b * (year - self.year0) as f64).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_exponential_is_recovered() {
        let pts: Vec<(i32, f64)> = (2015..=2019).map(|y| (y, 1000.0 * 1.2f64.powi(y - 2015))).collect();
        let f = LogLinearFit::fit(&pts).unwrap();
        assert!((f.growth_rate - 0.2).abs() < 1e-12, "{}", f.growth_rate);
        assert!((f.r_squared - 1.0).abs() < 1e-12);
        assert!((f.predict(2022) - 1000.0 * 1.2f64.powi(7)).abs() < 1e-6);
        assert_eq!(f.years, vec![2015, 2016, 2017, 2018, 2019]);
    }

    #[test]
    fn needs_two_years() {
        assert!(LogLinearFit::fit(&[(2019, 5.0)]).is_none());
        assert!(LogLinearFit::fit(&[(2019, 5.0), (2019, 6.0)]).is_none());
        assert!(LogLinearFit::fit(&[(2018, 0.0), (2019, 6.0)]).is_none());
    }
}
